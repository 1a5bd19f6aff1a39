using System;
using System.Diagnostics;
using System.IO;

namespace SgPay.Tests
{
    /// <summary>Signs webhook bodies the way Smart Glocal does, with the openssl command line
    /// (RSASSA-PKCS1-v1_5 over SHA-256, Base64).</summary>
    internal static class WebhookSigner
    {
        /// <summary>The <c>X-PARTNER-SIGN</c> value for <paramref name="body"/> under a fixtures key.</summary>
        internal static string Sign(byte[] body, string keyFixture)
        {
            string bodyFile = Path.GetTempFileName();
            string signatureFile = Path.GetTempFileName();
            try
            {
                File.WriteAllBytes(bodyFile, body);
                RunOpenssl("dgst -sha256 -sign \"" + Paths.Fixture(keyFixture) + "\" -binary -out \""
                    + signatureFile + "\" \"" + bodyFile + "\"");
                return Convert.ToBase64String(File.ReadAllBytes(signatureFile));
            }
            finally
            {
                File.Delete(bodyFile);
                File.Delete(signatureFile);
            }
        }

        private static void RunOpenssl(string arguments)
        {
            var start = new ProcessStartInfo("openssl", arguments)
            {
                UseShellExecute = false,
                RedirectStandardError = true,
            };
            using (var openssl = Process.Start(start))
            {
                string errors = openssl.StandardError.ReadToEnd();
                openssl.WaitForExit();
                if (openssl.ExitCode != 0)
                {
                    throw new InvalidOperationException("openssl " + arguments + " failed: " + errors);
                }
            }
        }
    }
}
