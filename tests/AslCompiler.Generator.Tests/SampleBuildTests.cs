namespace AslCompiler.Generator.Tests;

/// <summary>
/// samples/ValidationSample builds the way a consumer's project does: valid definitions build clean (a SAM-style one
/// with its placeholders' values in AslDefinitionSubstitutions metadata, which MSBuild must pass to the analyzer), and
/// the deliberately broken one fails <c>dotnet build</c> with ASL diagnostics at its line and column.
/// </summary>
public class SampleBuildTests
{
    [Fact]
    public void Sample_with_valid_definitions_builds_clean_and_the_broken_one_fails_at_its_positions()
    {
        var valid = DotnetBuild();
        Assert.True(valid.ExitCode == 0, valid.Output);
        Assert.DoesNotContain("ASL0", valid.Output, StringComparison.Ordinal);

        var broken = DotnetBuild("-p:IncludeBroken=true");
        Assert.NotEqual(0, broken.ExitCode);
        Assert.Contains("Shipping.asl.json(10,18): error ASL0010: Missing 'Default' target: Parcell", broken.Output, StringComparison.Ordinal);
        // Parcel is unreachable only because of the misspelt Default: the build leaves that follow-on error out.
        Assert.DoesNotContain("is not reachable", broken.Output, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output) DotnetBuild(params string[] extra)
    {
        var project = Path.Combine(RepositoryPaths.Root, "samples", "ValidationSample", "ValidationSample.csproj");
        return ChildProcess.Dotnet(["build", project, "--no-incremental", "-nologo", "-v:q", "-p:TreatWarningsAsErrors=false", .. extra]);
    }
}
