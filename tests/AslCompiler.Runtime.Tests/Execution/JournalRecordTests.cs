using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>A history event's journal record writes its text only when something reads it.</summary>
public class JournalRecordTests
{
    /// <summary>Two Pass states, one with a template and one with a result (also used by <see cref="HistoryDetailsTests"/>).</summary>
    internal const string Definition = """
        {"StartAt":"A","States":{
          "A":{"Type":"Pass","Parameters":{"x.$":"$.x","s":"\u00e9\"q"},"Next":"B"},
          "B":{"Type":"Pass","Result":[1,2.5,"t"],"ResultPath":"$.r","End":true}}}
        """;

    [Fact]
    public async Task The_in_memory_store_keeps_a_run_s_events_without_writing_their_text()
    {
        var store = new InMemoryStepFunctionsStore();
        var journal = await store.OpenJournalAsync("run", default);
        var result = await new ExecutionKernel().RunAsync(AslInterpreter.Compile(Definition), JsonValue.Parse("""{"x":1}"""),
            new ExecutionRequest { Name = "run", Journal = journal });
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);

        var events = store.GetCommittedRecords("run").Where(r => r.Kind == JournalReplay.EventKind).ToList();
        Assert.Equal(result.History!.Events.Count, events.Count);
        Assert.All(events, r => Assert.False(r.HasText, r.Key));

        // Read, the text is the event's: it parses back to the event the history holds.
        for (var i = 0; i < events.Count; i++)
        {
            var parsed = JournalReplay.ParseEvent(events[i].Data);
            Assert.True(events[i].HasText);
            var recorded = result.History.Events[i];
            Assert.Equal(recorded.ToJson().ToJsonString(), parsed.ToJson().ToJsonString());
            Assert.Equal(recorded.Timestamp, parsed.Timestamp);
        }
    }

    [Fact]
    public async Task A_record_written_on_reading_equals_one_made_from_its_text()
    {
        var journal = new ListJournal([]);
        await new ExecutionKernel().RunAsync(AslInterpreter.Compile(Definition), JsonValue.Parse("""{"x":1}"""),
            new ExecutionRequest { Name = "run", RecordHistory = true, Journal = journal });
        var lazy = journal.Records.First(r => r.Kind == JournalReplay.EventKind);
        Assert.False(lazy.HasText);

        // The hash reads the text, so two records of one key, kind and text are equal and hash alike, either way round.
        var copy = new JournalRecord(lazy.Key, lazy.Kind, JournalReplay.FormatEvent(JournalReplay.ParseEvent(lazy.Data)));
        Assert.Equal(copy, lazy);
        Assert.Equal(lazy, copy);
        Assert.Equal(copy.GetHashCode(), lazy.GetHashCode());
        Assert.NotEqual(copy with { Key = lazy.Key + "x" }, lazy);
        Assert.NotEqual(copy with { Data = "{}" }, lazy);

        var (key, kind, data) = lazy;
        Assert.Equal((lazy.Key, JournalReplay.EventKind, copy.Data), (key, kind, data));
        Assert.Equal(lazy.Data, (lazy with { Key = "k" }).Data);
    }

    [Fact]
    public async Task Event_keys_keep_their_durable_form()
    {
        // Journals outlive the process (the SQLite store): a key's form may not change, or a resumed run recorded by an
        // earlier version would not find its events. Site "visit.state@attempt", then ":" and the type; "^" before any state.
        var journal = new ListJournal([]);
        await new ExecutionKernel().RunAsync(AslInterpreter.Compile(Definition), JsonValue.Parse("""{"x":1}"""),
            new ExecutionRequest { Name = "run", RecordHistory = true, Journal = journal });
        var keys = journal.Records.Where(r => r.Kind == JournalReplay.EventKind).Select(r => r.Key);
        Assert.Equal(
            ["^:ExecutionStarted", "1.A@0:PassStateEntered", "1.A@0:PassStateExited", "2.B@0:PassStateEntered", "2.B@0:PassStateExited", "!end"],
            keys);
    }

    [Fact]
    public void A_record_refuses_null_parts()
    {
        Assert.Throws<ArgumentNullException>(() => new JournalRecord(null!, "task", "{}"));
        Assert.Throws<ArgumentNullException>(() => new JournalRecord("k", null!, "{}"));
        Assert.Throws<ArgumentNullException>(() => new JournalRecord("k", "task", (string)null!));
        Assert.Throws<ArgumentNullException>(() => new JournalRecord("k", "task", "{}") with { Data = null! });
        Assert.Throws<ArgumentNullException>(() => new JournalRecord("k", "task", "{}") with { Key = null! });
        Assert.Throws<ArgumentNullException>(() => new JournalRecord("k", "task", "{}") with { Kind = null! });
    }
}
