using AslCompiler.Language.Validation;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.JsonPath;

/// <summary>Choice rules nested as deeply as a definition can hold them run in the interpreter as the validator accepts them.</summary>
public class ChoiceNestingTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(300, "\"even\"")]
    [InlineData(301, "\"odd\"")]
    [InlineData(500, "\"even\"")]
    public async Task A_deeply_nested_rule_that_validates_also_runs(int nots, string expected)
    {
        // Not(Not(...(IsPresent $.a))): true under an even number of Nots.
        var rule = string.Concat(Enumerable.Repeat("""{"Not":""", nots)) + """{"Variable":"$.a","IsPresent":true}""" + new string('}', nots - 1) + ""","Next":"Even"}""";
        var definition = """{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[""" + rule + """],"Default":"Odd"},"Even":{"Type":"Pass","Result":"even","End":true},"Odd":{"Type":"Pass","Result":"odd","End":true}}}""";
        Assert.True(AslValidator.Validate(definition).IsOk);

        var clock = new VirtualTimeProvider(Start);
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock });
        var result = await VirtualClock.RunAsync(clock, kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.Parse("""{"a":1}""")).AsTask(), TimeSpan.FromSeconds(2));

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(expected, result.Output.ToJsonString());
    }
}
