using NUnit.Framework;
using SgPay.Testing;

namespace SgPay.Tests
{
    /// <summary>The sandbox the whole suite shares, run by the test kit (<see cref="SgPay.Testing.Sandbox"/>).</summary>
    internal static class Suite
    {
        /// <summary>The running sandbox: RSA-signed with the fixtures key, 20 ms steps.</summary>
        internal static Sandbox Sandbox { get; set; }
    }

    /// <summary>Starts the sandbox once before every fixture of this namespace and stops it after.</summary>
    [SetUpFixture]
    public class SandboxSetup
    {
        /// <summary>Starts the sandbox.</summary>
        [SetUp]
        public void StartSandbox()
        {
            Suite.Sandbox = new Sandbox(new SandboxOptions
            {
                PartnerPublicKeyPath = Paths.Fixture("partner_pub.pem"),
                PartnerPrivateKeyPath = Paths.Fixture("partner_key.pem"),
                ProcessingDelayMs = 20,
            });
        }

        /// <summary>Stops the sandbox.</summary>
        [TearDown]
        public void StopSandbox()
        {
            Suite.Sandbox.Dispose();
        }
    }
}
