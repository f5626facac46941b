using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Runtime.Tests.Tasks;

/// <summary>A MockConfigFile that is not well formed is refused naming what is wrong and where, never half read.</summary>
public sealed class MockConfigurationTests
{
    private static string Refusal(string config, string machine = "M", string testCase = "C") =>
        Assert.Throws<FormatException>(() => MockConfiguration.Parse(JsonValue.Parse(config)).GetTestCase(machine, testCase)).Message;

    [Theory]
    [InlineData("""{"StateMachines":{"M":1}}""", "StateMachines/M must be an object (with TestCases).")]
    [InlineData("""{"StateMachines":{"M":{"TestCases":[]}}}""", "StateMachines/M/TestCases must be an object (test case name to state → response name).")]
    [InlineData("""{"StateMachines":{"M":{"TestCases":{"C":"R"}}}}""", "StateMachines/M/TestCases/C must be an object (state name → response name).")]
    [InlineData("""{"StateMachines":{"M":{"TestCases":{"C":{"T":"R"}}}},"MockedResponses":{"R":{"2-1":{"Return":1}}}}""", "MockedResponses/R: the range '2-1' ends before it starts.")]
    [InlineData("""{"StateMachines":{"M":{"TestCases":{"C":{"T":"R"}}}},"MockedResponses":{"R":{"0-99999999999":{"Return":1}}}}""", "MockedResponses/R: '0-99999999999' is not an invocation number or range like \"1-2\" (numbers from 0 to 2147483647).")]
    [InlineData("""{"StateMachines":{"M":{"TestCases":{"C":{"T":"R"}}}},"MockedResponses":{"R":{"0":{"Return":1,"Throw":{"Error":"E"}}}}}""", "MockedResponses/R/0 has both Return and Throw; it takes one.")]
    [InlineData("""{"StateMachines":{"M":{"TestCases":{"C":{"T":"R"}}}},"MockedResponses":{"R":{"0":{}}}}""", "MockedResponses/R/0 needs Return or Throw.")]
    [InlineData("""{"StateMachines":{"M":{"TestCases":{"C":{"T":"R"}}}},"MockedResponses":{"R":{"0":{"Throw":"E"}}}}""", "MockedResponses/R/0/Throw must be an object ({\"Error\": \"...\", \"Cause\": \"...\"}).")]
    [InlineData("""{"StateMachines":{"M":{"TestCases":{"C":{"T":"R"}}}},"MockedResponses":{"R":{"0":{"Throw":{"Error":5}}}}}""", "MockedResponses/R/0/Throw/Error must be a string, not 5.")]
    [InlineData("""{"StateMachines":{"M":{"TestCases":{"C":{"T":"R"}}}},"MockedResponses":{"R":{"0":{"Throw":{"Error":"E","Cause":{"a":1}}}}}}""", "MockedResponses/R/0/Throw/Cause must be a string, not {\"a\":1}.")]
    [InlineData("""{"StateMachines":{"M":{"TestCases":{"C":{"T":"R"}}}},"MockedResponses":{"R":{"0-2":{"Throw":{"Error":"E"}},"1":{"Return":1}}}}""", "MockedResponses/R: the invocations '0-2' and '1' overlap; each invocation takes one response.")]
    [InlineData("""{"StateMachines":{"M":{"TestCases":{"C":{"T":"R"}}}},"MockedResponses":{"R":{"0":{"Return":1},"3":{"Return":2}}}}""", "MockedResponses/R has no response for the invocations 1-2: every invocation from 0 to the last needs one (\"0\", \"1-2\", \"3\" ...).")]
    [InlineData("""{"StateMachines":{"M":{"TestCases":{"C":{"T":"R"}}}},"MockedResponses":{"R":{"1":{"Return":1}}}}""", "MockedResponses/R has no response for the invocation 0: every invocation from 0 to the last needs one (\"0\", \"1-2\", \"3\" ...).")]
    [InlineData("""{"StateMachines":{"M":{"TestCases":{"C":{"T":"R"}}}},"MockedResponses":{"R":{"0":{"Throw":{"error":"E","cause":"c"}}}}}""", "MockedResponses/R/0/Throw has the member 'error'; a Throw takes only Error and Cause.")]
    [InlineData("""{"StateMachines":{"M":{"HappyPath":{"T":"R"}}}}""", "StateMachines/M has no TestCases member; it takes {\"TestCases\": {\"C\": {\"StateName\": \"ResponseName\"}}}, not 'HappyPath' directly.")]
    [InlineData("""{"StateMachines":{"M":{"TestCases":{"C":{"T":"R"}}}},"MockedResponse":{"R":{"0":{"Return":1}}}}""", "MockedResponses/R is not defined (the mock configuration has no MockedResponses member).")]
    [InlineData("""{"StateMachines":{"M":{"TestCases":{"A":{},"B":{}}}}}""", "The test case 'C' was not found for the state machine 'M' (its test cases: 'A', 'B').")]
    [InlineData("""{"StateMachines":{"M":{"TestCases":{"C":{"T":"R"}}}},"MockedResponses":{"R":{"0":{"Return":1,"Repeat":3}}}}""", "MockedResponses/R/0 has the member 'Repeat'; an invocation takes only Return or Throw (repeat a response with a range key such as \"0-2\").")]
    [InlineData("""{"StateMachines":{"N":{"TestCases":{"C":{}}},"O":{"TestCases":{"C":{}}}}}""", "The test case 'C' was not found for the state machine 'M' (the file mocks no state machine of that name; it mocks 'N', 'O').")]
    public void A_malformed_configuration_is_refused_naming_the_place(string config, string message) =>
        Assert.Equal(message, Refusal(config));

    [Fact]
    public void The_file_text_reads_as_the_configuration_not_as_a_JSON_string()
    {
        // File.ReadAllText's string: before this overload it converted to a JSON string value and was refused as
        // "must be a JSON object" (a consumer trial).
        var testCase = MockConfiguration.Parse("""
            {"StateMachines":{"M":{"TestCases":{"C":{"T":"R"}}}},"MockedResponses":{"R":{"0":{"Return":{"ok":true}}}}}
            """).GetTestCase("M", "C");
        Assert.Equal("C", testCase.Name);

        var notJson = Assert.Throws<FormatException>(() => MockConfiguration.Parse("{\"StateMachines\": "));
        Assert.StartsWith("The mock configuration is not valid JSON: ", notJson.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_every_test_case_gives_each_machines_in_order()
    {
        var all = MockConfiguration.Parse(JsonValue.Parse("""
            {"StateMachines":{"A":{"TestCases":{"One":{"T":"R"},"Two":{}}},"B":{"TestCases":{"One":{"U":"R"}}}},
             "MockedResponses":{"R":{"0":{"Return":1}}}}
            """)).ReadAllTestCases();
        Assert.Equal([("A", "One"), ("A", "Two"), ("B", "One")], all.Select(c => (c.StateMachineName, c.TestCase.Name)));
        Assert.True(all[2].TestCase.TryGet("U", out _));
    }

    [Fact]
    public void A_test_case_is_read_once_and_a_refused_one_is_refused_every_time()
    {
        var configuration = MockConfiguration.Parse(JsonValue.Parse("""
            {"StateMachines":{"M":{"TestCases":{"C":{"T":"R"},"Bad":{"T":"Missing"}}}},"MockedResponses":{"R":{"0":{"Return":1}}}}
            """));
        var first = configuration.GetTestCase("M", "C");
        Assert.Same(first, configuration.GetTestCase("M", "C"));
        Assert.Throws<FormatException>(() => configuration.GetTestCase("M", "Bad"));
        Assert.Throws<FormatException>(() => configuration.GetTestCase("M", "Bad"));
    }

    [Theory]
    [InlineData("""{"StateMachines":{"A":{"TestCases":{}},"M":{"TestCases":{"C":{"T":"Missing"}}}},"MockedResponses":{}}""", "MockedResponses/Missing is not defined.")]
    [InlineData("""{"StateMachines":{"M":{"HappyPath":{"T":"R"}}}}""", "StateMachines/M has no TestCases member; it takes {\"TestCases\": {\"TestCaseName\": {\"StateName\": \"ResponseName\"}}}, not 'HappyPath' directly.")]
    [InlineData("""{"StateMachines":{"M":{"TestCases":[]}}}""", "StateMachines/M/TestCases must be an object (test case name to state → response name).")]
    [InlineData("""{"StateMachines":{"M":2}}""", "StateMachines/M must be an object (with TestCases).")]
    [InlineData("""{"MockedResponses":{}}""", "The mock configuration has no StateMachines.")]
    public void Reading_every_test_case_refuses_the_first_thing_wrong_anywhere(string config, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => MockConfiguration.Parse(JsonValue.Parse(config)).ReadAllTestCases()).Message);

    [Fact]
    public void A_well_formed_configuration_reads()
    {
        var testCase = MockConfiguration.Parse(JsonValue.Parse("""
            {"StateMachines":{"Other":{"TestCases":{}},"M":{"TestCases":{"C":{"T":"R"}}}},
             "MockedResponses":{"R":{"0":{"Throw":{"Error":"E","Cause":"c"}},"1-2":{"Return":{"ok":true}}}}}
            """)).GetTestCase("M", "C");
        Assert.True(testCase.TryGet("T", out var response));
        Assert.Equal("E", response!.GetEntry(0)["Throw"]["Error"].GetString());
        Assert.Equal(JsonValue.Parse("""{"ok":true}"""), response.GetEntry(2)["Return"]);
        Assert.Equal(JsonValue.Parse("""{"ok":true}"""), response.GetEntry(7)["Return"]); // past the last entry, it repeats
        Assert.Equal("The test case 'D' was not found for the state machine 'M'.", Refusal("""{"StateMachines":{"M":{"TestCases":{}}}}""", testCase: "D"));
        Assert.Empty(testCase.Warnings);
    }

    [Fact]
    public void Invocations_written_out_of_order_read_by_number_and_the_highest_repeats()
    {
        // The last entry in the file was taken to repeat, here "0": invocation 5 threw instead of returning.
        var testCase = MockConfiguration.Parse(JsonValue.Parse("""
            {"StateMachines":{"M":{"TestCases":{"C":{"T":"R"}}}},
             "MockedResponses":{"R":{"1-2":{"Return":{"ok":true}},"0":{"Throw":{"Error":"E","Cause":"c"}}}}}
            """)).GetTestCase("M", "C");
        Assert.True(testCase.TryGet("T", out var response));
        Assert.Equal("E", response!.GetEntry(0)["Throw"]["Error"].GetString());
        Assert.Equal(JsonValue.Parse("""{"ok":true}"""), response.GetEntry(1)["Return"]);
        Assert.Equal(JsonValue.Parse("""{"ok":true}"""), response.GetEntry(5)["Return"]);
    }

    [Fact]
    public void A_throw_without_error_reads_with_a_warning_naming_the_place_once()
    {
        // It stands for a failure with no error name (a SendTaskFailure without one, as AWS records it), so it runs;
        // Step Functions Local's format requires Error, so it is said, once however many states share the response.
        var testCase = MockConfiguration.Parse(JsonValue.Parse("""
            {"StateMachines":{"M":{"TestCases":{"C":{"T":"R","U":"R"}}}},"MockedResponses":{"R":{"0":{"Throw":{"Cause":"c"}}}}}
            """)).GetTestCase("M", "C");
        Assert.True(testCase.TryGet("T", out var response));
        Assert.True(response!.GetEntry(0)["Throw"]["Error"].IsUndefined);
        Assert.Equal(
            ["MockedResponses/R/0/Throw has no Error (Step Functions Local's format requires one): the task fails with States.TaskFailed, or with no error name when it waits for a callback (.waitForTaskToken)."],
            testCase.Warnings);
    }

    [Fact]
    public void StatesNotIn_names_the_mocked_states_a_program_lacks_at_any_depth()
    {
        // A testing trial's misspelt "ChargeCrad" mocked nothing, and the real handler ran with no word said.
        var program = AslCompiler.Runtime.Interpreter.AslInterpreter.Compile("""
            {"StartAt":"Fan","States":{"Fan":{"Type":"Parallel","Branches":[
              {"StartAt":"ChargeCard","States":{"ChargeCard":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","End":true}}},
              {"StartAt":"Each","States":{"Each":{"Type":"Map","ItemProcessor":{"StartAt":"Ship","States":{"Ship":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","End":true}}},"End":true}}}],"End":true}}}
            """);
        var testCase = MockConfiguration.Parse("""
            {"StateMachines":{"M":{"TestCases":{"C":{"ChargeCrad":"R","Ship":"R","Zeta":"R","ChargeCard":"R"}}}},"MockedResponses":{"R":{"0":{"Return":1}}}}
            """).GetTestCase("M", "C");

        Assert.Equal(["ChargeCrad", "Zeta"], testCase.StatesNotIn(program));
    }
}
