using System.Text.Json;

namespace AslCompiler.Cli.Tests;

public class ValidateCommandTests
{
    private const string Valid = """{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}""";
    private const string Invalid = "{\n  \"StartAt\": \"A\",\n  \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"Nowhere\"}}\n}";
    private const string WithWarning = """{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"a": "$.x"}, "End": true}}}""";

    [Fact]
    public void Valid_file_prints_the_API_response_and_exits_0()
    {
        WithFile(Valid, path =>
        {
            var (exitCode, output, _) = CliRunner.Run("validate", path);

            Assert.Equal(0, exitCode);
            using var document = JsonDocument.Parse(output);
            Assert.Equal("OK", document.RootElement.GetProperty("result").GetString());
            Assert.Equal(0, document.RootElement.GetProperty("diagnostics").GetArrayLength());
            Assert.False(document.RootElement.GetProperty("truncated").GetBoolean());
            Assert.Equal(["result", "diagnostics", "truncated"], document.RootElement.EnumerateObject().Select(p => p.Name));
        });
    }

    [Fact]
    public void Invalid_file_prints_diagnostics_with_API_field_names_and_exits_1()
    {
        WithFile(Invalid, path =>
        {
            var (exitCode, output, _) = CliRunner.Run("validate", path, "--format", "json");

            Assert.Equal(1, exitCode);
            using var document = JsonDocument.Parse(output);
            Assert.Equal("FAIL", document.RootElement.GetProperty("result").GetString());
            var diagnostic = document.RootElement.GetProperty("diagnostics").EnumerateArray()
                .Single(d => d.GetProperty("code").GetString() == "MISSING_TRANSITION_TARGET");
            Assert.Equal(["severity", "code", "message", "location"], diagnostic.EnumerateObject().Select(p => p.Name));
            Assert.Equal("ERROR", diagnostic.GetProperty("severity").GetString());
            Assert.Equal("/States/A/Next", diagnostic.GetProperty("location").GetString());
        });
    }

    [Theory]
    [InlineData("json")]
    [InlineData("sarif")]
    public void Messages_are_written_as_they_read_with_only_what_JSON_requires_escaped(string format)
    {
        // The default encoder wrote "Missing \u0027Next\u0027 target: Nowhere"; the AWS CLI prints the quotes.
        WithFile(Invalid.Replace("Nowhere", "Nöwhere<é>", StringComparison.Ordinal), path =>
        {
            var (_, output, _) = CliRunner.Run("validate", path, "--format", format);

            Assert.Contains("Missing 'Next' target: Nöwhere<é>", output, StringComparison.Ordinal);
            Assert.DoesNotContain("\\u00", output, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Text_format_prints_compiler_style_lines()
    {
        WithFile(Invalid, path =>
        {
            var (exitCode, output, _) = CliRunner.Run("validate", path, "--format", "text");

            Assert.Equal(1, exitCode);
            Assert.Contains($"{path}(3,44): error ASL0010: Missing 'Next' target: Nowhere", output, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_byte_that_is_not_UTF8_is_named_as_parse_and_run_name_it_not_worded_as_a_truncated_string()
    {
        var path = CliRunner.TempFile([.. System.Text.Encoding.UTF8.GetBytes("""{"StartAt":"P","States":{"P":{"Type":"Pass","Result":" """), 0xFF, .. System.Text.Encoding.UTF8.GetBytes("\",\"End\":true}}}")]);

        var (exitCode, output, _) = CliRunner.Run("validate", path, "--format", "text");

        Assert.Equal(1, exitCode);
        Assert.Contains("(1,56): error ASL0001: Invalid UTF-8: byte 0xFF at byte offset 55", output, StringComparison.Ordinal);
        Assert.DoesNotContain("end-of-input", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_format_is_one_line_per_problem_also_for_Jacksons_words_on_bad_JSON()
    {
        // Jackson's message for bad JSON runs over several lines (it quotes the source); a docs trial found them printed so.
        var path = CliRunner.TempFile("{\"StartAt\":\"P\",\n\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}");

        var (exitCode, output, _) = CliRunner.Run("validate", path, "--format", "text");
        var (parseExit, parsed, _) = CliRunner.Run("parse", path);

        Assert.Equal((1, 1), (exitCode, parseExit));
        var line = Assert.Single(output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(": error ASL0001: ", line, StringComparison.Ordinal);
        Assert.Single(parsed.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Text_and_sarif_say_what_is_wrong_with_a_template_path_and_json_keeps_AWS_s_words()
    {
        var path = CliRunner.TempFile("""{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"x.$":"$.a[0]InstanceId"},"End":true}}}""");
        const string Aws = "The value for the field 'x.$' must be a valid JSONPath or a valid intrinsic function call";

        var (_, text, _) = CliRunner.Run("validate", path, "--format", "text");
        var (_, sarif, _) = CliRunner.Run("validate", path, "--format", "sarif");
        var (_, json, _) = CliRunner.Run("validate", path);

        Assert.Contains("error ASL0003: " + Aws + ": Unexpected 'I' after the path.", text, StringComparison.Ordinal);
        using var sarifDocument = JsonDocument.Parse(sarif);
        Assert.Equal(Aws + ": Unexpected 'I' after the path.", sarifDocument.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("message").GetProperty("text").GetString());
        using var jsonDocument = JsonDocument.Parse(json);
        Assert.Equal(Aws, jsonDocument.RootElement.GetProperty("diagnostics")[0].GetProperty("message").GetString());
    }

    [Fact]
    public void Text_and_sarif_report_a_misspelt_Next_alone_and_json_lists_the_unreachable_states_too()
    {
        // An IDE trial: one typo in a chain also reported every state after it as unreachable.
        var path = CliRunner.TempFile("""{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Bb"},"B":{"Type":"Pass","Next":"C"},"C":{"Type":"Succeed"}}}""");

        var (textExit, text, _) = CliRunner.Run("validate", path, "--format", "text");
        var (_, sarif, _) = CliRunner.Run("validate", path, "--format", "sarif");
        var (_, json, _) = CliRunner.Run("validate", path);

        Assert.Equal(1, textExit);
        Assert.Contains("error ASL0010: Missing 'Next' target: Bb", Assert.Single(text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
        using var sarifDocument = JsonDocument.Parse(sarif);
        Assert.Equal(1, sarifDocument.RootElement.GetProperty("runs")[0].GetProperty("results").GetArrayLength());
        using var jsonDocument = JsonDocument.Parse(json);
        Assert.Equal(
            ["Missing 'Next' target: Bb", "State \"B\" is not reachable.", "State \"C\" is not reachable."],
            jsonDocument.RootElement.GetProperty("diagnostics").EnumerateArray().Select(d => d.GetProperty("message").GetString()));
    }

    [Fact]
    public void Sarif_format_is_SARIF_2_1_0_with_regions()
    {
        WithFile(Invalid, path =>
        {
            var (exitCode, output, _) = CliRunner.Run("validate", path, "--format", "sarif");

            Assert.Equal(1, exitCode);
            using var document = JsonDocument.Parse(output);
            Assert.Equal("2.1.0", document.RootElement.GetProperty("version").GetString());
            var run = document.RootElement.GetProperty("runs")[0];
            Assert.Equal("asl", run.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString());
            var result = run.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "ASL0010");
            Assert.Equal("error", result.GetProperty("level").GetString());
            var region = result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
            Assert.Equal(3, region.GetProperty("startLine").GetInt32());
            Assert.Equal(44, region.GetProperty("startColumn").GetInt32());
        });
    }

    [Theory]
    [InlineData("plain-name_1.asl.json", "plain-name_1.asl.json")]
    [InlineData("a#b c%d.asl.json", "a%23b%20c%25d.asl.json")]
    [InlineData("\u00e9tat?.asl.json", "%C3%A9tat%3F.asl.json")]
    public void Sarif_artifact_uri_is_the_path_as_a_uri_reference(string name, string escaped)
    {
        var directory = Path.Combine(Path.GetTempPath(), "asl-sarif-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var path = Path.Combine(directory, name);
            File.WriteAllText(path, Invalid);
            var (exitCode, output, _) = CliRunner.Run("validate", path, "--format", "sarif");

            Assert.Equal(1, exitCode);
            using var document = JsonDocument.Parse(output);
            var uri = document.RootElement.GetProperty("runs")[0].GetProperty("results")[0]
                .GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!;
            Assert.EndsWith("/" + escaped, uri, StringComparison.Ordinal);
            Assert.True(Uri.TryCreate(uri, UriKind.RelativeOrAbsolute, out _), uri);
            Assert.Equal(path.Replace('\\', '/'), Uri.UnescapeDataString(uri));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Warnings_appear_only_with_severity_WARNING_and_do_not_fail()
    {
        WithFile(WithWarning, path =>
        {
            var errorsOnly = CliRunner.Run("validate", path, "--format", "text");
            var warnings = CliRunner.Run("validate", path, "--format", "text", "--severity", "WARNING");

            Assert.Equal(0, errorsOnly.ExitCode);
            Assert.Equal(string.Empty, errorsOnly.Output);
            Assert.Equal(0, warnings.ExitCode);
            Assert.Contains(": warning ASL0012: ", warnings.Output, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Express_type_applies_the_EXPRESS_rules()
    {
        const string Callback = """{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "End": true}}}""";
        WithFile(Callback, path =>
        {
            Assert.Equal(0, CliRunner.Run("validate", path).ExitCode);
            Assert.Equal(1, CliRunner.Run("validate", path, "--type", "EXPRESS").ExitCode);
        });
    }

    [Fact]
    public void Max_results_truncates()
    {
        var states = string.Join(", ", Enumerable.Range(0, 4).Select(i => $"\"S{i}\": {{\"Type\": \"Pass\", \"Next\": \"M{i}\"}}"));
        WithFile("{\"StartAt\": \"S0\", \"States\": {" + states + "}}", path =>
        {
            var (exitCode, output, _) = CliRunner.Run("validate", path, "--max-results", "1");

            Assert.Equal(1, exitCode);
            using var document = JsonDocument.Parse(output);
            Assert.Equal(1, document.RootElement.GetProperty("diagnostics").GetArrayLength());
            Assert.True(document.RootElement.GetProperty("truncated").GetBoolean());
        });
    }

    [Fact]
    public void Several_files_exit_1_when_any_fails()
    {
        WithFile(Valid, valid => WithFile(Invalid, invalid =>
        {
            var (exitCode, output, _) = CliRunner.Run("validate", valid, invalid);

            Assert.Equal(1, exitCode);
            using var document = JsonDocument.Parse(output);
            Assert.Equal(2, document.RootElement.GetArrayLength());
        }));
    }

    [Theory]
    [InlineData("--type", "FAST")]
    [InlineData("--severity", "INFO")]
    [InlineData("--max-results", "101")]
    [InlineData("--max-results", "x")]
    [InlineData("--format", "xml")]
    [InlineData("--bogus", "1")]
    public void Bad_options_are_usage_errors_with_exit_2(string option, string value)
    {
        WithFile(Valid, path =>
        {
            var (exitCode, _, error) = CliRunner.Run("validate", path, option, value);

            Assert.Equal(2, exitCode);
            Assert.Contains("asl", error, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void No_file_is_a_usage_error() => Assert.Equal(2, CliRunner.Run("validate").ExitCode);

    [Fact]
    public void Unreadable_file_exits_2() => Assert.Equal(2, CliRunner.Run("validate", "/nonexistent/x.asl.json").ExitCode);

    [Fact]
    public void The_sample_is_valid() =>
        Assert.Equal(0, CliRunner.Run("validate", CliRunner.RepositoryFile("samples/order-processing.asl.json")).ExitCode);

    private static void WithFile(string content, Action<string> test)
    {
        var path = CliRunner.TempFile(content);
        try
        {
            test(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Malformed_utf8_is_invalid_json_at_its_position()
    {
        var path = CliRunner.TempPath(".asl.json");
        File.WriteAllBytes(path, [.. "{\n  \"Comment\": \""u8, 0xC3, 0x28, .. "\"}"u8]);
        try
        {
            var (exitCode, output, _) = CliRunner.Run("validate", "--format", "text", path);

            Assert.Equal(1, exitCode);
            Assert.Contains($"{path}(2,15): error ASL0001:", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_definition_past_the_APIs_length_constraint_is_refused_as_the_request_is()
    {
        // At the limit it is validated (OK); one character more and the API would refuse the request, not answer FAIL.
        const string head = "{\"Comment\": \"";
        const string tail = "\", \"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}";
        var fits = head + new string('x', 1_048_576 - head.Length - tail.Length) + tail;
        WithFile(fits, path => Assert.Equal(0, CliRunner.Run("validate", path).ExitCode));
        WithFile(fits.Replace("\"Comment\": \"", "\"Comment\": \"\u00e9", StringComparison.Ordinal), path =>
        {
            var (exitCode, output, error) = CliRunner.Run("validate", path);

            Assert.Equal(2, exitCode);
            Assert.Equal(string.Empty, output);
            Assert.Contains(": the definition is 1,048,577 characters long; ValidateStateMachineDefinition takes at most 1,048,576.", error, StringComparison.Ordinal);
        });
    }
}
