using AslCompiler.Runtime.Json;

namespace AslCompiler.Cli.Tests;

public class TestStateCommandTests
{
    private const string PassState = """{"Type":"Pass","InputPath":"$.a","Parameters":{"x.$":"$.b"},"ResultPath":"$.r","Next":"After"}""";

    private const string MockedTask = """{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Retry":[{"ErrorEquals":["Flaky"],"MaxAttempts":2}],"Catch":[{"ErrorEquals":["Bad"],"Next":"Handler"}],"End":true}""";

    [Fact]
    public void Succeeded_state_prints_the_response_with_output_as_json_text_and_exits_0()
    {
        var (exit, output, _) = CliRunner.Run("test-state", CliRunner.TempFile(PassState), "--input", """{"a":{"b":1}}""");
        Assert.Equal(0, exit);
        var response = JsonValue.Parse(output);
        Assert.Equal("SUCCEEDED", response["status"].GetString());
        Assert.Equal("After", response["nextState"].GetString());
        Assert.Equal(JsonValue.Parse("""{"a":{"b":1},"r":{"x":1}}"""), JsonValue.Parse(response["output"].GetString()));
        Assert.True(response["inspectionData"].IsUndefined);
        Assert.True(response["error"].IsUndefined);
    }

    [Fact]
    public void A_whole_state_machine_without_a_state_name_is_refused_as_the_API_refuses_it_with_a_hint()
    {
        // The API reads it as one state and names the path /States/StateName/Type, which is nowhere in the file.
        var machine = CliRunner.TempFile("""{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}""");

        var (exit, output, error) = CliRunner.Run("test-state", machine);

        Assert.Equal((1, string.Empty), (exit, output));
        Assert.Equal(
            "asl test-state: InvalidDefinition: Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map] at /States/StateName/Type'" + Environment.NewLine
            + "asl test-state: the definition is a whole state machine (it has StartAt or States at the top level), read as one state without --state-name: pass --state-name NAME to test one of its states." + Environment.NewLine,
            error);

        // With the state named it is tested; a lone state the API refuses gets no hint.
        Assert.Equal(0, CliRunner.Run("test-state", machine, "--state-name", "A").ExitCode);
        (exit, _, error) = CliRunner.Run("test-state", CliRunner.TempFile("""{"Type":"Bogus","End":true}"""));
        Assert.Equal(1, exit);
        Assert.DoesNotContain("--state-name", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"StartAt":"A","States":"x"}""")]
    [InlineData("""{"StartAt":"A","States":{"A":null}}""")]
    public void A_machine_too_broken_to_hold_the_named_state_is_refused_for_what_breaks_it(string definition)
    {
        var (exit, output, error) = CliRunner.Run("test-state", CliRunner.TempFile(definition), "--state-name", "A");

        Assert.Equal((1, string.Empty), (exit, output));
        Assert.StartsWith("asl test-state: InvalidDefinition: Invalid State Machine Definition: '", error, StringComparison.Ordinal);
        Assert.Contains("SCHEMA_VALIDATION_FAILED: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("State not found", error, StringComparison.Ordinal);

        // A valid machine without the state is still AWS's recorded ValidationException.
        (exit, _, error) = CliRunner.Run("test-state", CliRunner.TempFile("""{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"""), "--state-name", "dne");
        Assert.Equal(1, exit);
        Assert.Equal("asl test-state: ValidationException: State not found in definition" + Environment.NewLine, error);
    }

    [Fact]
    public void Debug_level_prints_each_data_flow_step()
    {
        var (_, output, _) = CliRunner.Run("test-state", "@" + CliRunner.TempFile(PassState), "--input", """{"a":{"b":1}}""", "--inspection-level", "debug");
        var inspection = JsonValue.Parse(output)["inspectionData"];
        Assert.Equal("""{"b":1}""", inspection["afterInputPath"].GetString());
        Assert.Equal("""{"x":1}""", inspection["afterParameters"].GetString());
        Assert.Equal("""{"a":{"b":1},"r":{"x":1}}""", inspection["afterResultPath"].GetString());
    }

    [Theory]
    [InlineData("""{"errorOutput":{"error":"Flaky","cause":"c"}}""", "RETRIABLE", 0)]
    [InlineData("""{"errorOutput":{"error":"Bad","cause":"c"}}""", "CAUGHT_ERROR", 0)]
    [InlineData("""{"errorOutput":{"error":"Other","cause":"c"}}""", "FAILED", 1)]
    [InlineData("""{"result":{"Payload":1}}""", "SUCCEEDED", 0)]
    public void Exit_code_follows_the_status(string mock, string status, int exitCode)
    {
        var (exit, output, _) = CliRunner.Run("test-state", CliRunner.TempFile(MockedTask), "--mock", mock);
        Assert.Equal(status, JsonValue.Parse(output)["status"].GetString());
        Assert.Equal(exitCode, exit);
    }

    [Fact]
    public void State_name_variables_and_context_reach_the_state()
    {
        const string Machine = """
            {"QueryLanguage":"JSONata","StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},
             "B":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Output":{"v":"{% $v %}","id":"{% $states.context.Execution.Id %}"},"End":true}}}
            """;

        // A context object comes with a mock ("This field may only be specified if a mock is specified").
        var (exit, output, error) = CliRunner.Run(
            "test-state", CliRunner.TempFile(Machine), "--state-name", "B", "--variables", """{"v":42}""",
            "--context", """{"Execution":{"Id":"arn:aws:states:us-east-1:1:execution:m:e"}}""", "--mock", """{"result":"{}"}""");
        Assert.Equal(0, exit);
        Assert.Equal(JsonValue.Parse("""{"v":42,"id":"arn:aws:states:us-east-1:1:execution:m:e"}"""), JsonValue.Parse(JsonValue.Parse(output)["output"].GetString()));
        Assert.Equal(string.Empty, error);
    }

    [Fact]
    public void A_whole_request_can_be_given_and_options_override_it()
    {
        var request = CliRunner.TempFile("""{"definition":{"Type":"Pass","End":true},"input":{"q":1},"inspectionLevel":"INFO"}""");
        var (exit, output, _) = CliRunner.Run("test-state", "--request", "@" + request, "--input", """{"q":2}""", "--inspection-level", "TRACE");
        Assert.Equal(0, exit);
        var response = JsonValue.Parse(output);
        Assert.Equal("""{"q":2}""", response["output"].GetString());
        Assert.Equal("""{"q":2}""", response["inspectionData"]["input"].GetString());
    }

    [Fact]
    public void Map_state_with_a_mocked_result_and_tolerated_failures()
    {
        const string Map = """{"Type":"Map","ItemsPath":"$.items","ToleratedFailureCount":1,"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}""";
        var (exit, output, _) = CliRunner.Run(
            "test-state", CliRunner.TempFile(Map), "--input", """{"items":[1,2,3]}""", "--mock", """{"result":"[1,2,3]"}""",
            "--state-configuration", """{"mapIterationFailureCount":2}""");
        Assert.Equal(1, exit);
        var response = JsonValue.Parse(output);
        Assert.Equal("States.ExceedToleratedFailureThreshold", response["error"].GetString());
    }

    [Fact]
    public void Service_refusal_is_reported_on_standard_error_and_exits_1()
    {
        var (exit, output, error) = CliRunner.Run("test-state", CliRunner.TempFile("""{"Type":"Pass","End":true}"""), "--mock", """{"result":"{}"}""");
        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("ValidationException: State type 'Pass' is not supported when a mock is specified", error);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("\"2\"")]
    [InlineData("\"debug\"")]
    public void An_enum_member_takes_its_names_not_positions(string level)
    {
        // The serializer's default read 1 as DEBUG and "2" as TRACE; AWS takes INFO, DEBUG and TRACE only.
        var (exit, output, error) = CliRunner.Run("test-state", "--request", "{\"definition\":{\"Type\":\"Pass\",\"End\":true},\"inspectionLevel\":" + level + "}");
        Assert.Equal((2, string.Empty), (exit, output));
        Assert.Contains("not a valid TestState request at $.inspectionLevel", error);
        Assert.Equal(0, CliRunner.Run("test-state", "--request", """{"definition":{"Type":"Pass","End":true},"inspectionLevel":"TRACE"}""").ExitCode);
    }

    [Theory]
    [InlineData("--input", "{\"a\":")]
    [InlineData("--variables", "[1,")]
    [InlineData("--context", "nope")]
    [InlineData("--mock", "{")]
    [InlineData("--state-configuration", "}")]
    public void Malformed_json_option_is_a_usage_error_naming_the_option(string option, string value)
    {
        var (exit, output, error) = CliRunner.Run("test-state", CliRunner.TempFile("""{"Type":"Pass","End":true}"""), option, value);
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains(option + " is not valid JSON", error);
    }

    [Theory]
    [InlineData("\"abc\"", "\\\"abc\\\"")]
    [InlineData("[1,\"\\ud800\"]", "[1,\\\"\\\\ud800\\\"]")]
    [InlineData("7", "\"output\":\"7\"")]
    public void The_input_option_is_the_JSON_value_it_holds(string value, string expectedInOutput)
    {
        // A JSON string is that string (its text is the input), not text to read again.
        var (exit, output, error) = CliRunner.Run("test-state", CliRunner.TempFile("""{"Type":"Pass","End":true}"""), "--input", value);
        Assert.True(exit == 0, error);
        Assert.Contains(expectedInOutput, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_files_and_a_missing_definition_are_usage_errors()
    {
        var missing = Path.Combine(Path.GetTempPath(), "asl-no-such-" + Guid.NewGuid().ToString("N") + ".json");
        var (exit, _, error) = CliRunner.Run("test-state", missing);
        Assert.Equal(2, exit);
        Assert.Contains("cannot read", error);

        (exit, _, error) = CliRunner.Run("test-state", CliRunner.TempFile("""{"Type":"Pass","End":true}"""), "--input", "@" + missing);
        Assert.Equal(2, exit);
        Assert.Contains("cannot read", error);

        (exit, _, error) = CliRunner.Run("test-state", "--input", "{}");
        Assert.Equal(2, exit);
        Assert.Contains("give the definition", error);
    }

    [Fact]
    public void Bad_inspection_level_and_malformed_request_members_are_usage_errors()
    {
        var (exit, _, error) = CliRunner.Run("test-state", CliRunner.TempFile("""{"Type":"Pass","End":true}"""), "--inspection-level", "LOUD");
        Assert.Equal(2, exit);
        Assert.Contains("--inspection-level must be INFO, DEBUG or TRACE", error);

        (exit, _, error) = CliRunner.Run("test-state", "--request", """{"definition":"{}","inspectionLevel":"LOUD"}""");
        Assert.Equal(2, exit);
        Assert.Contains("$.inspectionLevel", error);

        (exit, _, error) = CliRunner.Run("test-state", "--request", "[1]");
        Assert.Equal(2, exit);
        Assert.Contains("--request must be a JSON object", error);
    }

    [Fact]
    public void Short_form_and_a_request_file_path_as_the_issue_spells_them()
    {
        var definition = CliRunner.TempFile("""{"Type":"Pass","Result":1,"End":true}""");
        var (exit, output, _) = CliRunner.Run("test-state", "--definition", definition, "--input", "{}", "--inspection-level", "INFO");
        Assert.Equal(0, exit);
        Assert.Equal("1", JsonValue.Parse(output)["output"].GetString());

        var request = CliRunner.TempFile("""{"definition":"{\"Type\":\"Pass\",\"Result\":2,\"End\":true}"}""");
        (exit, output, _) = CliRunner.Run("test-state", "--request", request);
        Assert.Equal(0, exit);
        Assert.Equal("2", JsonValue.Parse(output)["output"].GetString());

        (exit, _, var error) = CliRunner.Run("test-state", definition, "--definition", definition);
        Assert.Equal(2, exit);
        Assert.Contains("give the definition once", error);
    }
}
