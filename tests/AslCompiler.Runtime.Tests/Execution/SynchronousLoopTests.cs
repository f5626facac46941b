using AslCompiler.Language.Model;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>The kernel's synchronous loop (history off, states that never wait) keeps the async loop's per-state rules.</summary>
public class SynchronousLoopTests
{
    [Theory]
    [InlineData("""{"StartAt":"Grow","States":{"Grow":{"Type":"Pass","Parameters":{"a.$":"$.s","b.$":"$.s","c.$":"$.s","d.$":"$.s"},"End":true}}}""", "Grow")]
    [InlineData("""{"StartAt":"Fan","States":{"Fan":{"Type":"Map","ItemsPath":"$.items","ItemProcessor":{"StartAt":"Echo","States":{"Echo":{"Type":"Pass","End":true}}},"ResultPath":"$.copies","End":true}}}""", "Fan")]
    public async Task A_state_output_past_the_payload_limit_fails_naming_the_state_with_history_on_and_off(string definition, string state)
    {
        var program = AslInterpreter.Compile(definition);
        Assert.True(program.Root.IsSynchronous);
        var input = JsonValue.Parse("{\"s\":\"" + new string('x', 60) + "\",\"items\":[\"" + new string('y', 30) + "\",\"" + new string('z', 30) + "\"]}");
        var kernel = new ExecutionKernel(new ExecutionOptions { MaxPayloadBytes = 200 });

        foreach (var history in new[] { true, false })
        {
            var result = await kernel.RunAsync(program, input, new ExecutionRequest { Type = ExecutionType.Express, RecordHistory = history });
            Assert.Equal(ExecutionStatus.Failed, result.Status);
            Assert.Equal("States.DataLimitExceeded", result.Error);
            Assert.Equal(ExecutionRun.ResultTooLarge(state), result.Cause);
        }
    }
}
