namespace AslCompiler.Cli.Tests;

public class RootCommandTests
{
    [Fact]
    public void Version_prints_the_assembly_version()
    {
        var (exitCode, output, _) = CliRunner.Run("--version");

        Assert.Equal(0, exitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", output.Trim());
    }

    [Fact]
    public void Help_lists_the_commands()
    {
        var (exitCode, output, _) = CliRunner.Run("--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("parse", output, StringComparison.Ordinal);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("validate", "--help")]
    [InlineData("validate", "-h")]
    [InlineData("validate", "-?")]
    public void Validate_help_shows_its_usage_without_additional_arguments(string command, string help)
    {
        // asl validate reads its unknown options itself; System.CommandLine's help said it passed "additional
        // arguments" to "the application that is being run".
        var (exitCode, output, error) = CliRunner.Run(command, help);

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        var nl = Environment.NewLine;
        // The root command is named after the executable (asl; testhost here).
        Assert.Matches(@"\nUsage:\r?\n  \S+ validate \[<files>\.\.\.\] \[options\]\r?\n\r?\nArguments:", output);
        Assert.Contains("Arguments:" + nl + "  <files>", output, StringComparison.Ordinal);
        Assert.Contains("--max-results <max-results>", output, StringComparison.Ordinal);
        Assert.DoesNotContain("additional arguments", output, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("Show help and usage information" + nl + nl, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("eval")]
    [InlineData("parse")]
    public void Other_commands_help_is_the_library_s(string command)
    {
        var (exitCode, output, _) = CliRunner.Run(command, "--help");

        Assert.Equal(0, exitCode);
        Assert.Matches(@"\nUsage:\r?\n  \S+ " + command + " ", output);
        Assert.DoesNotContain("additional arguments", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Unknown_command_fails()
    {
        var (exitCode, _, error) = CliRunner.Run("frobnicate");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("frobnicate", error, StringComparison.Ordinal);
    }
}
