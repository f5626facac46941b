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

    private const string Chain = """{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","End":true}}}""";

    [Fact]
    public async Task A_run_that_cannot_wait_has_ended_when_RunAsync_returns()
    {
        var program = AslInterpreter.Compile(Chain);
        var pending = new ExecutionKernel().RunAsync(program, JsonValue.Parse("{\"x\":1}"), new ExecutionRequest { Type = ExecutionType.Express, RecordHistory = false }).AsTask();
        Assert.True(pending.IsCompletedSuccessfully);
        var result = await pending;
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("{\"x\":1}", result.Output.ToJsonString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_cancelled_token_aborts_the_run_with_history_on_and_off(bool history)
    {
        var program = AslInterpreter.Compile(Chain);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var result = await new ExecutionKernel().RunAsync(program, JsonValue.Parse("{}"), new ExecutionRequest { Type = ExecutionType.Express, RecordHistory = history }, cancelled.Token);
        Assert.Equal(ExecutionStatus.Aborted, result.Status);
        Assert.True(result.Output.IsUndefined);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_input_past_the_payload_limit_fails_the_run_before_its_first_state(bool history)
    {
        var program = AslInterpreter.Compile(Chain);
        var kernel = new ExecutionKernel(new ExecutionOptions { MaxPayloadBytes = 50 });
        var result = await kernel.RunAsync(program, JsonValue.Parse("{\"s\":\"" + new string('x', 60) + "\"}"), new ExecutionRequest { Type = ExecutionType.Express, RecordHistory = history });
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.DataLimitExceeded", result.Error);
    }
}
