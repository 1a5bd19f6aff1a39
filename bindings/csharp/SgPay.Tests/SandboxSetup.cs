using NUnit.Framework;

namespace SgPay.Tests
{
    /// <summary>Starts the sandbox once before every fixture of this namespace and stops it after.</summary>
    [SetUpFixture]
    public class SandboxSetup
    {
        /// <summary>Starts the sandbox.</summary>
        [SetUp]
        public void StartSandbox()
        {
            Sandbox.Start();
        }

        /// <summary>Stops the sandbox.</summary>
        [TearDown]
        public void StopSandbox()
        {
            Sandbox.Stop();
        }
    }
}
