using System.Runtime.InteropServices;

namespace AslCompiler.Generator.Tests;

/// <summary>
/// samples/PackageSample consumes the packed <c>AslCompiler</c> package from a local feed, as a user does: the packages
/// are packed with a fresh prerelease version into a temporary feed, a copy of the sample restores them from there
/// (plus the machine's configured sources, which it needs nothing from) into its own packages folder, and the generated
/// classes, the typed handlers and the runtime have to work from the package alone. A packaging mistake (a missing
/// analyzer, props or dependency) fails here.
/// </summary>
public class PackageConsumerTests
{
    private static readonly string[] ExpectedOutput =
    [
        "OrderFulfillment: Validate order -> Is valid? -> Price order",
        "valid order: SUCCEEDED {\"orderId\":\"A-1\",\"total\":8.5}",
        "empty order: FAILED OrderRejected: An order needs at least one line.",
        "price-order calls: 2",
        "sqs <- https://sqs.us-east-1.amazonaws.com/123456789012/greetings: [\"#0 Hello, Ada!\",\"#1 Hello, Grace!\"]",
        "greetings: SUCCEEDED {\"messageId\":\"m-1\"}",
        "sqs <- https://sqs.us-east-1.amazonaws.com/123456789012/greetings: [\"#0 Hello, Edsger!\"]",
        "typed greetings: m-1",
        "sqs <- https://sqs.us-east-1.amazonaws.com/123456789012/greetings: [\"#0 Hello, Barbara!\"]",
        "api greetings: SUCCEEDED {\"messageId\":\"m-1\"}",
    ];

    [Fact]
    public void Sample_restores_the_packed_package_from_a_local_feed_builds_and_runs()
    {
        var work = Directory.CreateTempSubdirectory("aslcompiler-consumer-");
        try
        {
            var version = "0.1.0-test." + Guid.NewGuid().ToString("N")[..12];
            var sample = Path.Combine(work.FullName, "PackageSample");
            CopySample(Path.Combine(RepositoryPaths.Root, "samples", "PackageSample"), sample);
            var feed = Path.Combine(sample, "feed"); // where the sample's nuget.config looks
            var environment = new Dictionary<string, string>
            {
                // Its own packages folder: nothing stale from earlier runs, and no test versions left in the user's cache.
                ["NUGET_PACKAGES"] = Path.Combine(work.FullName, "packages"),
            };

            // Builds for the pack go to their own artifacts folder: the version differs from the repository's build, and
            // other tests (PackageTests, SampleBuildTests) build the same projects at the same time.
            var artifacts = "-p:ArtifactsPath=" + Path.Combine(work.FullName, "artifacts") + Path.DirectorySeparatorChar;

            // The Runtime's pack restores the generator itself; restoring it here first keeps the pack's own output short.
            var restore = ChildProcess.Dotnet(environment, "restore", Path.Combine(RepositoryPaths.Root, "src", "AslCompiler.Generator", "AslCompiler.Generator.csproj"), artifacts, "-nologo", "-v:q");
            Assert.True(restore.ExitCode == 0, restore.Output);
            foreach (var project in new[] { "AslCompiler.Language", "AslCompiler.Runtime" })
            {
                var pack = ChildProcess.Dotnet(environment, "pack", Path.Combine(RepositoryPaths.Root, "src", project, project + ".csproj"),
                    "-c", "Release", "-o", feed, "-p:Version=" + version, artifacts, "-nologo", "-v:q");
                Assert.True(pack.ExitCode == 0, pack.Output);
            }

            Assert.True(File.Exists(Path.Combine(feed, "AslCompiler." + version + ".nupkg")), "AslCompiler was not packed into the feed.");
            Assert.True(File.Exists(Path.Combine(feed, "AslCompiler.Language." + version + ".nupkg")), "AslCompiler.Language was not packed into the feed.");

            var run = ChildProcess.Dotnet(environment, "run", "--project", Path.Combine(sample, "PackageSample.csproj"), "-p:AslCompilerVersion=" + version, "-nologo", "-v:q");
            Assert.True(run.ExitCode == 0, run.Output);
            var lines = run.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
            Assert.Equal(ExpectedOutput, lines);

            // The build used the package's generator, not anything from this repository.
            var assets = File.ReadAllText(Path.Combine(sample, "obj", "project.assets.json"));
            Assert.Contains("\"AslCompiler/" + version + "\"", assets, StringComparison.Ordinal);
            Assert.Contains("\"AslCompiler.Language/" + version + "\"", assets, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(work.FullName, "packages", "aslcompiler", version, "analyzers", "dotnet", "cs", "AslCompiler.Generator.dll")));

            // Generated files emitted inside the project are not compiled again by the next build (a user trial's every
            // definition then failed with ASL1008, its members declared twice): the package's targets leave them out.
            string[] emit = ["--no-incremental", "-p:AslCompilerVersion=" + version, "-p:EmitCompilerGeneratedFiles=true", "-p:CompilerGeneratedFilesOutputPath=Generated", "-nologo", "-v:q"];
            for (var build = 0; build < 2; build++)
            {
                var emitted = ChildProcess.Dotnet(environment, ["build", Path.Combine(sample, "PackageSample.csproj"), .. emit]);
                Assert.True(emitted.ExitCode == 0, "build " + (build + 1) + " with emitted files: " + emitted.Output);
            }

            Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(sample, "Generated", "AslCompiler.Generator"), "*.g.cs", SearchOption.AllDirectories));

            // Ahead-of-time compiled (NativeAOT), under the sample's warnings as errors: a trim or AOT warning in the
            // packages' code that the app reaches fails the publish, and the native program must print the same lines
            // (reflection-based JSON there lost the history's details, which the API part of the sample prints).
            // The emitted files go first: without EmitCompilerGeneratedFiles the SDK would compile that folder as sources.
            Directory.Delete(Path.Combine(sample, "Generated"), recursive: true);
            var native = Path.Combine(work.FullName, "native");
            var publish = ChildProcess.Dotnet(environment, "publish", Path.Combine(sample, "PackageSample.csproj"), "-r", RuntimeInformation.RuntimeIdentifier,
                "-p:PublishAot=true", "-p:AslCompilerVersion=" + version, "-o", native, "-nologo", "-v:q");
            Assert.True(publish.ExitCode == 0, publish.Output);
            var aot = ChildProcess.Run(Path.Combine(native, "PackageSample"), null);
            Assert.True(aot.ExitCode == 0, aot.Output);
            Assert.Equal(ExpectedOutput, aot.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray());
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static void CopySample(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var top = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0];
            if (top is "bin" or "obj" or "feed")
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
