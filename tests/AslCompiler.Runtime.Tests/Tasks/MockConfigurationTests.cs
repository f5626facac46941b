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
    public void A_malformed_configuration_is_refused_naming_the_place(string config, string message) =>
        Assert.Equal(message, Refusal(config));

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
    }
}
