namespace AslCompiler.Generator.Tests;

/// <summary>
/// The package's <c>build/AslCompiler.targets</c> (src/AslCompiler.Generator/build/AslCompiler.Generator.targets) in a
/// project of its own: a target framework that cannot use the net10.0 runtime is one ASL1013 error naming it, where
/// NuGet would take the package and the build fail on generated code with errors that do not name the cause (a consumer
/// trial's net8.0 and netstandard2.0 builds).
/// </summary>
public class PackageTargetsTests
{
    [Fact]
    public void A_target_framework_before_net10_is_one_error_naming_it_and_net10_builds()
    {
        var work = Directory.CreateTempSubdirectory("aslcompiler-targets-");
        try
        {
            var targets = Path.Combine(RepositoryPaths.Root, "src", "AslCompiler.Generator", "build", "AslCompiler.Generator.targets");
            var project = Path.Combine(work.FullName, "Consumer.csproj");
            File.WriteAllText(project, $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFrameworks>netstandard2.0;net10.0</TargetFrameworks>
                  </PropertyGroup>
                  <Import Project="{targets}" />
                </Project>
                """);
            File.WriteAllText(Path.Combine(work.FullName, "Use.cs"), "namespace Consumer; public static class Use { }");

            var both = ChildProcess.Dotnet("build", project, "-nologo", "-v:q");
            Assert.NotEqual(0, both.ExitCode);
            var errors = both.Output.Split('\n').Where(l => l.Contains("error ASL1013", StringComparison.Ordinal)).Distinct().ToList();
            var error = Assert.Single(errors);
            Assert.Contains("AslCompiler's runtime needs .NET 10 or later: the target framework 'netstandard2.0' cannot use it.", error, StringComparison.Ordinal);
            Assert.DoesNotContain("'net10.0' cannot", both.Output, StringComparison.Ordinal);

            var net10 = ChildProcess.Dotnet("build", project, "-f", "net10.0", "-nologo", "-v:q");
            Assert.True(net10.ExitCode == 0, net10.Output);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
