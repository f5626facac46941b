namespace AslCompiler.Cli.Tests;

public class ParseCommandTests
{
    [Fact]
    public void Parses_the_sample_and_prints_json()
    {
        var (exitCode, output, error) = CliRunner.Run("parse", CliRunner.RepositoryFile("samples/order-processing.asl.json"));

        Assert.Equal(0, exitCode);
        Assert.Equal(string.Empty, error);
        using var document = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal("ValidateOrder", document.RootElement.GetProperty("StartAt").GetString());
    }

    [Fact]
    public void Invalid_json_prints_positioned_errors_and_exits_1()
    {
        var path = CliRunner.TempFile("{\n  \"StartAt\": \"A\",\n  \"States\": {},\n}");
        try
        {
            var (exitCode, output, _) = CliRunner.Run("parse", path);

            Assert.Equal(1, exitCode);
            Assert.Contains($"{path}(3,15): error INVALID_JSON_DESCRIPTION: ", output, StringComparison.Ordinal);
            Assert.Contains("Trailing comma", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_file_is_a_usage_error_exit_2_with_a_message()
    {
        // docs/cli.md: 2 for a file that cannot be read (it was 1, as for a definition that cannot become a model).
        var (exitCode, _, error) = CliRunner.Run("parse", "/nonexistent/definition.asl.json");

        Assert.Equal(2, exitCode);
        Assert.Contains("cannot read '/nonexistent/definition.asl.json'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Prints_the_canonical_model_with_fields_in_documented_order()
    {
        var path = CliRunner.TempFile("""{"States": {"A": {"Next": "B", "Type": "Pass"}, "B": {"End": true, "Type": "Succeed"}}, "StartAt": "A"}""");
        try
        {
            var (exitCode, output, _) = CliRunner.Run("parse", path);

            Assert.Equal(0, exitCode);
            var compact = string.Concat(output.Where(c => !char.IsWhiteSpace(c)));
            Assert.StartsWith("""{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"}""", compact, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Root_that_is_not_an_object_is_a_positioned_error()
    {
        var path = CliRunner.TempFile("[1, 2]");
        try
        {
            var (exitCode, output, _) = CliRunner.Run("parse", path);

            Assert.Equal(1, exitCode);
            Assert.StartsWith($"{path}(1,1): error SCHEMA_VALIDATION_FAILED: ", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Duplicate_keys_are_warned_about_on_stderr_and_the_model_still_prints()
    {
        var path = CliRunner.TempFile("""{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}, "Comment": "x", "Comment": "y"}""");
        try
        {
            var (exitCode, output, error) = CliRunner.Run("parse", path);

            Assert.Equal(0, exitCode);
            Assert.Contains($"{path}(1,72): warning DuplicateKey:", error, StringComparison.Ordinal);
            using var document = System.Text.Json.JsonDocument.Parse(output);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
