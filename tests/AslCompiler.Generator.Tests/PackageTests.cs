using System.IO.Compression;
using System.Xml.Linq;

namespace AslCompiler.Generator.Tests;

/// <summary>
/// <c>dotnet pack src/AslCompiler.Runtime</c> produces the main package <c>AslCompiler</c>: the runtime library, the
/// analyzer and generator under <c>analyzers/dotnet/cs</c>, and the props that pick up <c>*.asl.json</c> files.
/// </summary>
public class PackageTests
{
    [Fact]
    public void Pack_produces_AslCompiler_with_the_runtime_the_generator_and_the_props()
    {
        var output = Directory.CreateTempSubdirectory("aslcompiler-pack-");
        try
        {
            var project = Path.Combine(RepositoryPaths.Root, "src", "AslCompiler.Runtime", "AslCompiler.Runtime.csproj");
            var (exitCode, log) = ChildProcess.Dotnet("pack", project, "-c", "Release", "-o", output.FullName, "-nologo", "-v:q");
            Assert.True(exitCode == 0, log);

            var package = Assert.Single(Directory.GetFiles(output.FullName, "AslCompiler.*.nupkg"), p => !Path.GetFileName(p).StartsWith("AslCompiler.Language", StringComparison.Ordinal));
            using var zip = ZipFile.OpenRead(package);
            var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            Assert.Contains("lib/net10.0/AslCompiler.Runtime.dll", entries);
            Assert.Contains("lib/net10.0/AslCompiler.Runtime.xml", entries);
            Assert.Contains("analyzers/dotnet/cs/AslCompiler.Generator.dll", entries);
            Assert.Contains("build/AslCompiler.props", entries);
            Assert.Contains("buildTransitive/AslCompiler.props", entries);
            Assert.Contains("build/AslCompiler.targets", entries);
            Assert.Contains("buildTransitive/AslCompiler.targets", entries);
            Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.EndsWith("AslCompiler.Generator.dll", StringComparison.Ordinal));

            var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using var nuspecStream = nuspecEntry.Open();
            var nuspec = XDocument.Load(nuspecStream);
            var ns = nuspec.Root!.Name.Namespace;
            Assert.Equal("AslCompiler", nuspec.Root.Element(ns + "metadata")!.Element(ns + "id")!.Value);
            var dependencies = nuspec.Descendants(ns + "dependency").Select(d => (string)d.Attribute("id")!).ToArray();
            Assert.Contains("AslCompiler.Language", dependencies);
            Assert.DoesNotContain("AslCompiler.Generator", dependencies);

            // The props in the package are the generator's: every *.asl.json becomes an AdditionalFile.
            using var props = new StreamReader(zip.GetEntry("build/AslCompiler.props")!.Open());
            Assert.Contains("<AdditionalFiles Include=\"**/*.asl.json\"", props.ReadToEnd(), StringComparison.Ordinal);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
