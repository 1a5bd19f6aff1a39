using NUnit.Framework;

namespace SgPay.Tests
{
    /// <summary>Base of the fixtures whose every test gets a fresh client for the sandbox.</summary>
    public abstract class ClientFixture
    {
        /// <summary>The client of the running test.</summary>
        protected SgPayClient Client { get; private set; }

        /// <summary>Opens a client (the webhook key included).</summary>
        [SetUp]
        public void OpenClient()
        {
            Client = Clients.New();
        }

        /// <summary>Closes the client.</summary>
        [TearDown]
        public void CloseClient()
        {
            Client.Dispose();
        }
    }
}
