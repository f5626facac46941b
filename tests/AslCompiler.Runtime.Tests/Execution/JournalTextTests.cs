using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>A durable run reads back the text its journal wrote, whatever its payloads hold.</summary>
public class JournalTextTests
{
    [Fact]
    public async Task A_run_replayed_from_its_journal_reads_back_a_lone_surrogate_it_recorded()
    {
        // A task's result and a JSONata output hold a lone surrogate (half of a UTF-16 pair): the journal's text has it as
        // the escape \ud800, and a replay reads the task's outcome back from that text instead of calling the task again.
        var definition = """
            {"QueryLanguage":"JSONata","StartAt":"Call","States":{
              "Call":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","Output":"{% $states.result %}","Next":"Make"},
              "Make":{"Type":"Pass","Output":{"task":"{% $states.input.s %}","s":"{% '\\ud800' & 'y' %}"},"End":true}}}
            """;
        var journal = new ListJournal([]);
        var calls = 0;
        var first = await RunAsync(definition, journal, () => calls++);
        Assert.Equal(1, calls);

        var replayed = await RunAsync(definition, new ListJournal(journal.Records), () => calls++);
        Assert.Equal(1, calls); // the outcome came from the journal
        Assert.Equal("\ud800x", replayed.Output["task"].GetString());
        Assert.Equal("\ud800y", replayed.Output["s"].GetString());
        Assert.Equal(first.Output, replayed.Output);
        Assert.Equal(first.History!.Events.Select(e => e.ToJson().ToJsonString()), replayed.History!.Events.Select(e => e.ToJson().ToJsonString()));
    }

    private static async Task<ExecutionResult> RunAsync(string definition, IExecutionJournal journal, Action called)
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 12, 6, 0, 0, 0, TimeSpan.Zero));
        var handlers = new TaskHandlerRegistry().RegisterFunction("*", _ =>
        {
            called();
            return JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("s", "\ud800x"));
        });
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, TaskHandlers = handlers });
        var request = new ExecutionRequest { Name = "journaled", RecordHistory = true, Journal = journal };
        var result = await VirtualClock.RunAsync(clock, kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.EmptyObject, request).AsTask(), TimeSpan.FromSeconds(5));
        Assert.True(result.Status == ExecutionStatus.Succeeded, result.Error + ": " + result.Cause);
        return result;
    }
}
