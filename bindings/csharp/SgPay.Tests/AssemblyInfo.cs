using System.Reflection;

[assembly: AssemblyTitle("SgPay.Tests")]
[assembly: AssemblyVersion("0.1.0.0")]
