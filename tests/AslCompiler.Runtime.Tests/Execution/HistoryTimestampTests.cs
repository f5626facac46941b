using System.Globalization;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>
/// A state's entered event is dated when the state was entered (the time <c>$$.State.EnteredTime</c> gives), and the
/// history's times keep the order of its ids, Parallel branches recording at once included.
/// </summary>
public class HistoryTimestampTests
{
    /// <summary>A clock that moves one millisecond every time it is read, so two reads never agree.</summary>
    private sealed class TickingClock : TimeProvider
    {
        private long _ticks = new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero).UtcTicks;

        public override DateTimeOffset GetUtcNow()
        {
            var now = new DateTimeOffset(Interlocked.Add(ref _ticks, TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
            Thread.Yield(); // lets another thread read a later time, and record it, before this one uses its own
            return now;
        }
    }

    [Fact]
    public async Task The_entered_event_is_dated_as_the_state_was_entered()
    {
        var program = AslInterpreter.Compile("""
            {"StartAt":"A","States":{
              "A":{"Type":"Pass","Parameters":{"at.$":"$$.State.EnteredTime"},"ResultPath":"$.a","Next":"B"},
              "B":{"Type":"Pass","Parameters":{"at.$":"$$.State.EnteredTime"},"ResultPath":"$.b","End":true}}}
            """);
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = new TickingClock() });
        var result = await kernel.RunAsync(program, JsonValue.Parse("{}"), new ExecutionRequest { RecordHistory = true });

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var entered = result.History!.Events.Where(e => e.Type == "PassStateEntered").ToList();
        Assert.Equal(2, entered.Count);
        foreach (var (e, name) in entered.Zip(new[] { "a", "b" }))
        {
            var seen = DateTimeOffset.Parse(result.Output[name]["at"].GetString(), CultureInfo.InvariantCulture);
            Assert.Equal(seen, e.Timestamp);
        }
    }

    [Fact]
    public async Task A_state_enters_when_the_state_before_it_exited()
    {
        var program = AslInterpreter.Compile("""
            {"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"C"},"C":{"Type":"Pass","End":true}}}
            """);
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = new TickingClock() });
        var result = await kernel.RunAsync(program, JsonValue.Parse("{}"), new ExecutionRequest { RecordHistory = true });

        // One reading of the clock dates an exit and the next entry (nothing runs between them); each state still takes time.
        var events = result.History!.Events;
        var exits = events.Where(e => e.Type == "PassStateExited").ToList();
        var entries = events.Where(e => e.Type == "PassStateEntered").ToList();
        Assert.Equal(3, exits.Count);
        Assert.Equal(exits[0].Timestamp, entries[1].Timestamp);
        Assert.Equal(exits[1].Timestamp, entries[2].Timestamp);
        Assert.All(entries.Zip(exits), pair => Assert.True(pair.Second.Timestamp > pair.First.Timestamp, pair.First + " " + pair.Second));
    }

    [Fact]
    public async Task Times_keep_the_order_of_ids_while_parallel_branches_record_at_once()
    {
        // Each branch's task answers from a pool thread, so the branches' later states run, and record, at once.
        var branch = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","Next":"P1"},"P1":{"Type":"Pass","Next":"P2"},"P2":{"Type":"Pass","Next":"P3"},"P3":{"Type":"Pass","End":true}}}""";
        var program = AslInterpreter.Compile("""{"StartAt":"Fan","States":{"Fan":{"Type":"Parallel","Branches":[""" + string.Join(",", Enumerable.Repeat(branch, 8)) + """],"End":true}}}""");
        var handlers = new TaskHandlerRegistry().Register("*", async invocation =>
        {
            await Task.Yield();
            return invocation.Input;
        });
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = new TickingClock(), TaskHandlers = handlers });
        for (var run = 0; run < 300; run++)
        {
            var result = await kernel.RunAsync(program, JsonValue.Parse("{}"), new ExecutionRequest { RecordHistory = true });
            Assert.Equal(ExecutionStatus.Succeeded, result.Status);
            var events = result.History!.Events;
            for (var i = 1; i < events.Count; i++)
            {
                Assert.True(events[i].Timestamp >= events[i - 1].Timestamp, events[i] + " is dated before " + events[i - 1]);
            }
        }
    }
}
