using System;
using System.IO;
using NUnit.Framework;

namespace SgPay.Tests
{
    /// <summary>Base of the fixtures whose every test gets a fresh, empty folder of its own
    /// (for a journal, or a package layout), removed after the test.</summary>
    public abstract class TemporaryFolderFixture
    {
        private readonly string prefix;

        /// <summary>The fixture whose folders are named <paramref name="prefix"/> and a new GUID.</summary>
        /// <param name="prefix">The start of each folder's name, e.g. <c>sgpay-cs-</c>.</param>
        protected TemporaryFolderFixture(string prefix)
        {
            this.prefix = prefix;
        }

        /// <summary>The running test's folder.</summary>
        protected string Folder { get; private set; }

        /// <summary>A fresh folder for this test.</summary>
        [SetUp]
        public void MakeFolder()
        {
            Folder = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Folder);
        }

        /// <summary>Removes the folder and what the test left in it.</summary>
        [TearDown]
        public void RemoveFolder()
        {
            Directory.Delete(Folder, true);
        }
    }
}
