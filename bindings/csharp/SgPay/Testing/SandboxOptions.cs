using System;

namespace SgPay.Testing
{
    /// <summary>How a <see cref="Sandbox"/> is started; every property has a default.</summary>
    public sealed class SandboxOptions
    {
        /// <summary>Creates the default options: HMAC signing with a random secret, project
        /// <c>test-project</c>, 20 ms processing steps, webhooks received.</summary>
        public SandboxOptions()
        {
            Project = "test-project";
            ProcessingDelayMs = 20;
            ReceiveWebhooks = true;
            StartTimeout = TimeSpan.FromSeconds(30);
        }

        /// <summary>The only <c>X-PARTNER-PROJECT</c> the sandbox accepts (and the clients' <c>project</c>).</summary>
        public string Project { get; set; }

        /// <summary>How long each asynchronous step of the payment flow takes, in milliseconds
        /// (the sandbox's own default is 100; 20 keeps tests quick).</summary>
        public int ProcessingDelayMs { get; set; }

        /// <summary>
        /// The partner's RSA public key (PEM file) when requests are to be RSA-signed as with the
        /// live API; set <see cref="PartnerPrivateKeyPath"/> too, for the clients. When both are
        /// null (the default), requests are HMAC-signed with a secret made at start.
        /// </summary>
        public string PartnerPublicKeyPath { get; set; }

        /// <summary>The partner's RSA private key (PEM file) the clients of
        /// <see cref="Sandbox.Client(string)"/> sign with; goes with <see cref="PartnerPublicKeyPath"/>.</summary>
        public string PartnerPrivateKeyPath { get; set; }

        /// <summary>Whether the sandbox posts its webhooks to a receiver the kit runs on
        /// 127.0.0.1 (see <see cref="Sandbox.Webhooks"/>). Default true.</summary>
        public bool ReceiveWebhooks { get; set; }

        /// <summary>The sandbox binary to run (<c>sgpay-sandbox</c>, or the <c>sgpay</c> command,
        /// run as <c>sgpay sandbox</c>); null searches for it (see <see cref="Sandbox.FindBinary"/>).</summary>
        public string BinaryPath { get; set; }

        /// <summary>How long to wait for the sandbox to listen. Default 30 seconds.</summary>
        public TimeSpan StartTimeout { get; set; }
    }

    /// <summary>The faults the sandbox can inject into the next request of an operation.</summary>
    public enum SandboxFaultKind
    {
        /// <summary><c>delay</c>: waits <c>delayMs</c>, then processes normally.</summary>
        Delay,

        /// <summary><c>status</c>: answers <c>httpStatus</c> (an API error <c>sandbox_fault</c>) without processing.</summary>
        Status,

        /// <summary><c>malformed_json</c>: processes the request, then answers 200 with the body cut in half.</summary>
        MalformedJson,

        /// <summary><c>drop_before</c>: reads the request and closes the connection; nothing is processed.</summary>
        DropBefore,

        /// <summary><c>drop_after</c>: processes the request fully, then closes the connection without an answer.</summary>
        DropAfter,
    }
}
