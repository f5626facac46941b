using System.Text.Json;

namespace AslCompiler.Cli.Tests;

/// <summary>
/// <c>--substitutions</c> on <c>asl validate</c> and <c>asl run</c>: a SAM or CDK definition's <c>${Name}</c> placeholders
/// filled as CloudFormation's DefinitionSubstitutions fill them, and what is said of it placed in the file as written.
/// </summary>
public class SubstitutionsOptionTests
{
    // One line: the Next to no state comes after a value longer than its placeholder.
    private const string Sam = """
        {"StartAt": "Charge", "States": {
          "Charge": {"Type": "Task", "Resource": "${Fn}", "Parameters": {"Table": "${Table}"}, "Next": "Nowhere"},
          "Done": {"Type": "Succeed"}}}
        """;

    private const string Fn = "Fn=arn:aws:lambda:us-east-1:123456789012:function:charge";

    [Fact]
    public void Validate_reads_the_definition_with_the_values_and_places_its_errors_in_the_file_as_written()
    {
        var path = CliRunner.TempFile(Sam);

        var (exitCode, output, _) = CliRunner.Run("validate", path, "--format", "text", "--substitutions", Fn, "--substitutions", "Table=a-table-name-much-longer-than-its-placeholder");

        Assert.Equal(1, exitCode);
        var column = Sam.Split('\n')[1].IndexOf("\"Nowhere\"", StringComparison.Ordinal) + 1;
        Assert.Equal([path + "(2," + column + "): error ASL0010: Missing 'Next' target: Nowhere"], output.TrimEnd().Split('\n').Where(l => l.Contains("ASL0010", StringComparison.Ordinal)));
        Assert.DoesNotContain("ASL0004", output, StringComparison.Ordinal);

        // SARIF places it alike.
        var (_, sarif, _) = CliRunner.Run("validate", path, "--format", "sarif", "--substitutions", Fn + ";Table=a-table-name-much-longer-than-its-placeholder");
        using var document = JsonDocument.Parse(sarif);
        var region = document.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("ruleId").GetString() == "ASL0010")
            .GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
        Assert.Equal(column, region.GetProperty("startColumn").GetInt32());
        Assert.Equal(column + "\"Nowhere\"".Length, region.GetProperty("endColumn").GetInt32());
    }

    [Fact]
    public void Without_a_value_the_placeholder_is_what_AWS_refuses()
    {
        var path = CliRunner.TempFile(Sam);

        var (exitCode, output, _) = CliRunner.Run("validate", path, "--format", "text");

        Assert.Equal(1, exitCode);
        Assert.Contains("error ASL0004: Invalid resource: '${Fn}' is not an ARN", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_refuses_a_list_that_does_not_read_as_a_usage_error()
    {
        var path = CliRunner.TempFile(Sam);

        var (exitCode, output, error) = CliRunner.Run("validate", path, "--substitutions", "Fn");

        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Contains("asl validate: --substitutions: The entry 'Fn' is not Name=value.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_runs_the_definition_with_the_values()
    {
        // A number's placeholder outside a string, a value with a placeholder of its own, one without a value.
        var path = CliRunner.TempFile("""{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"fn": "${Fn}", "n": ${N}, "kept": "${Other}"}, "End": true}}}""");

        var (exitCode, output, _) = CliRunner.Run("run", path, "--substitutions", "Stage=dev;Fn=${Stage}-charge;N=3");

        Assert.Equal(0, exitCode);
        using var document = JsonDocument.Parse(output);
        var result = document.RootElement.GetProperty("output");
        Assert.Equal("dev-charge", result.GetProperty("fn").GetString());
        Assert.Equal(3, result.GetProperty("n").GetInt32());
        Assert.Equal("${Other}", result.GetProperty("kept").GetString());
    }

    [Fact]
    public void Run_refuses_a_list_that_does_not_read_naming_the_option()
    {
        var path = CliRunner.TempFile(Sam);

        var (exitCode, output, error) = CliRunner.Run("run", path, "--substitutions", "=x");

        Assert.Equal(1, exitCode);
        Assert.Empty(output);
        Assert.Contains("asl: --substitutions: The entry '=x': A substitution has no name.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_state_tests_the_state_with_the_values()
    {
        var path = CliRunner.TempFile("""{"Type": "Pass", "Result": {"table": "${Table}"}, "End": true}""");

        var (exitCode, output, _) = CliRunner.Run("test-state", path, "--substitutions", "Table=orders");
        var (badExit, _, error) = CliRunner.Run("test-state", path, "--substitutions", "Table");

        Assert.Equal(0, exitCode);
        using var document = JsonDocument.Parse(output);
        Assert.Equal("""{"table":"orders"}""", document.RootElement.GetProperty("output").GetString());
        Assert.Equal(2, badExit);
        Assert.Contains("asl test-state: --substitutions: The entry 'Table' is not Name=value.", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_come_from_files_and_a_later_option_replaces_an_earlier_ones()
    {
        var path = CliRunner.TempFile("""{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"stage": "${Stage}", "n": ${N}, "on": ${On}, "fn": "${Fn}"}, "End": true}}}""");
        var json = CliRunner.TempFile("""{"Stage": "dev", "N": 3, "On": true, "Fn": "${Stage}-charge"}""");
        var lines = CliRunner.TempFile("Stage=prod\nN=4\n");

        var (exitCode, output, _) = CliRunner.Run("run", path, "--substitutions", "@" + json, "--substitutions", "@" + lines);

        Assert.Equal(0, exitCode);
        using var document = JsonDocument.Parse(output);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(
            System.Text.Json.Nodes.JsonNode.Parse("""{"stage":"prod","n":4,"on":true,"fn":"prod-charge"}"""),
            System.Text.Json.Nodes.JsonNode.Parse(document.RootElement.GetProperty("output").GetRawText())), output);
    }

    [Theory]
    [InlineData("""{"Stage": ["dev"]}""", "the value of 'Stage' is array; a substitution is a string, a number or a boolean.")]
    [InlineData("""{"Stage": "dev",""", "is not a JSON object of name to value")]
    public void A_file_that_does_not_read_is_refused_naming_it(string content, string problem)
    {
        var path = CliRunner.TempFile(Sam);
        var file = CliRunner.TempFile(content);

        var (exitCode, _, error) = CliRunner.Run("validate", path, "--substitutions", "@" + file);

        Assert.Equal(2, exitCode);
        Assert.Contains("asl validate: --substitutions: '" + file + "'", error, StringComparison.Ordinal);
        Assert.Contains(problem, error, StringComparison.Ordinal);
    }
}
