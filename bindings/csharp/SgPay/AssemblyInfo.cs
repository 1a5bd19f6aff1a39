using System.Reflection;
using System.Runtime.CompilerServices;

[assembly: AssemblyTitle("SgPay")]
[assembly: AssemblyDescription("Payments client for the Smart Glocal partner API")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
[assembly: AssemblyInformationalVersion("0.1.0")]
[assembly: InternalsVisibleTo("SgPay.Tests")]
