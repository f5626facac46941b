using System;
using System.Collections.Generic;
using System.Globalization;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Execution;

/// <summary>One event of an execution's history, named and shaped as GetExecutionHistory returns it.</summary>
public sealed class HistoryEvent
{
    private const string ExitedDetailsName = "stateExitedEventDetails";

    private readonly JsonValue _details;

    // A state's entered or exited event keeps the state's name and its input or output value, a Map iteration's event the
    // Map's name (and its index in _details), and makes its details object only when read: the kernel never reads it,
    // and a kept history holds a reference or two instead of an object and a member array per event. The value, not its
    // text: successive states' values share their parts (a 250 KB string passed along a loop of thousands of states is
    // one string), where each state's text would be a copy of them all (gigabytes of history for such a loop).
    private readonly string? _stateName;
    private readonly JsonValue _stateValue;

    /// <summary>Creates an event.</summary>
    public HistoryEvent(long id, long previousEventId, DateTimeOffset timestamp, string type, string? detailsName, JsonValue details)
    {
        Id = id;
        PreviousEventId = previousEventId;
        Timestamp = timestamp;
        Type = type;
        DetailsName = detailsName;
        _details = details;
    }

    /// <summary>Creates an event whose details are <paramref name="details"/>.</summary>
    internal HistoryEvent(long id, long previousEventId, DateTimeOffset timestamp, string type, string? detailsName, EventDetails details)
        : this(id, previousEventId, timestamp, type, detailsName, details.Value)
    {
        _stateName = details.StateName;
        _stateValue = details.StateValue;
    }

    /// <summary>The event id (1-based, in order).</summary>
    public long Id { get; }

    /// <summary>The id of the event this one follows.</summary>
    public long PreviousEventId { get; }

    /// <summary>When the event happened (on the kernel's clock).</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The event type, e.g. <c>TaskStateEntered</c>.</summary>
    public string Type { get; }

    /// <summary>The name of the details member, e.g. <c>stateEnteredEventDetails</c>, or null.</summary>
    public string? DetailsName { get; }

    /// <summary>The details object (undefined when the event has none).</summary>
    public JsonValue Details => _stateName is null ? _details : MadeDetails();

    /// <summary>The event as GetExecutionHistory shows it.</summary>
    public JsonValue ToJson()
    {
        var members = new List<KeyValuePair<string, JsonValue>>(5)
        {
            new("timestamp", Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
            new("type", Type),
            new("id", Id),
            new("previousEventId", PreviousEventId),
        };
        var details = Details; // read once: a state's or iteration's details are made at each read
        if (DetailsName is not null && !details.IsUndefined)
        {
            members.Add(new(DetailsName, details));
        }

        return JsonValue.CreateObject(members.ToArray());
    }

    /// <summary>Whether the event holds its details as an object (a state's or Map iteration's event makes it when read).</summary>
    internal bool HoldsDetailsObject => _stateName is null;

    /// <summary>The state's name of a state's entered or exited event or a Map iteration's, whose details are made when read; else null.</summary>
    internal string? StateName => _stateName;

    /// <summary>
    /// A state's entered (input) or exited (output) text, written when read (kept on the value only when short, see
    /// <see cref="JsonValueWriter.WriteKeptIfShort"/>); null for a Map iteration's event and for other events.
    /// </summary>
    internal string? StateData => _stateValue.IsUndefined ? null : JsonValueWriter.WriteKeptIfShort(_stateValue);

    /// <summary>
    /// The details as held: the object itself unless <see cref="StateName"/> is set; then a Map iteration's index, or an
    /// exit's assigned variables (name to JSON text; undefined when it assigned none).
    /// </summary>
    internal JsonValue HeldDetails => _details;

    /// <summary>A state's entered or exited details, or a Map iteration's, as the kernel recorded them before they were made when read.</summary>
    private JsonValue MadeDetails()
    {
        var stateData = StateData;
        if (stateData is null)
        {
            return JsonValue.CreateObject(new("name", _stateName), new("index", _details));
        }

        if (DetailsName != ExitedDetailsName)
        {
            return JsonValue.CreateObject(new("name", _stateName), new("input", stateData), new("inputDetails", ExecutionRun.NotTruncated));
        }

        // An exit keeps what its state assigned (each name to its value's JSON text), if anything, where an entry has nothing.
        return _details.IsUndefined
            ? JsonValue.CreateObject(new("name", _stateName), new("output", stateData), new("outputDetails", ExecutionRun.NotTruncated))
            : JsonValue.CreateObject(
                new("name", _stateName),
                new("output", stateData),
                new("outputDetails", ExecutionRun.NotTruncated),
                new("assignedVariables", _details),
                new("assignedVariablesDetails", ExecutionRun.NotTruncated));
    }

    /// <inheritdoc />
    public override string ToString() => Type + "#" + Id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The history of one execution. Thread-safe: Parallel branches append concurrently. Once the run's terminal event
/// (<c>ExecutionSucceeded</c>, <c>ExecutionFailed</c>, <c>ExecutionTimedOut</c>, <c>ExecutionAborted</c>) is in it, it
/// is closed: nothing more is appended (work the run abandoned that records something later is dropped).
/// </summary>
public sealed class ExecutionHistory
{
    private readonly List<HistoryEvent> _events = [];
    private readonly TimeProvider _time;
    private bool _closed;

    internal ExecutionHistory(TimeProvider time, int maxEvents)
    {
        _time = time;
        MaxEvents = maxEvents;
    }

    /// <summary>
    /// The most events an execution may record (AWS: 25,000) before its end: one more fails a Standard execution; an
    /// Express one keeps its first events and runs on (see <see cref="ExecutionOptions.MaxHistoryEvents"/>).
    /// </summary>
    public int MaxEvents { get; }

    /// <summary>The events so far (a snapshot).</summary>
    public IReadOnlyList<HistoryEvent> Events
    {
        get
        {
            lock (_events)
            {
                return _events.ToArray();
            }
        }
    }

    /// <summary>The number of events so far.</summary>
    public int Count
    {
        get
        {
            lock (_events)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>Whether the run's terminal event is in the history, so nothing more is appended.</summary>
    internal bool Closed
    {
        get
        {
            lock (_events)
            {
                return _closed;
            }
        }
    }

    /// <summary>Told of every event appended (the engine's live view and observers of an undurable execution).</summary>
    internal Action<HistoryEvent>? Recorded { get; set; }

    /// <summary>The event with id <paramref name="id"/>, or null.</summary>
    internal HistoryEvent? Find(long id)
    {
        lock (_events)
        {
            return id >= 1 && id <= _events.Count && _events[(int)(id - 1)].Id == id ? _events[(int)(id - 1)] : null;
        }
    }

    /// <summary>
    /// Appends an event, dated <paramref name="at"/> when given (else now); returns its id, or -1 when the limit is
    /// reached or the history is closed.
    /// </summary>
    internal long Add(long previous, string type, string? detailsName, EventDetails details, DateTimeOffset? at = null) =>
        Append(previous, type, detailsName, details, terminal: false, closes: false, null, at)?.Id ?? -1;

    /// <summary>
    /// Appends an event dated <paramref name="at"/>, a time read just before (a state's entry, which also dates
    /// <c>$$.State.EnteredTime</c>), or the last event's time when an event appended meanwhile is later, so times keep the
    /// order of ids as when the clock is read under the lock; returns its id, or -1 as <see cref="Add"/>.
    /// </summary>
    internal long AddNotBefore(long previous, string type, string? detailsName, EventDetails details, DateTimeOffset at) =>
        Append(previous, type, detailsName, details, terminal: false, closes: false, null, at, notBeforeLast: true)?.Id ?? -1;

    /// <summary>Appends an event past the limit (a Map Run child's terminal event); -1 when the history is closed.</summary>
    internal long AddTerminal(long previous, string type, string? detailsName, EventDetails details) =>
        Append(previous, type, detailsName, details, terminal: true, null)?.Id ?? -1;

    /// <summary>
    /// Appends an event (null when the limit is reached and it is not <paramref name="terminal"/>, or when the history is
    /// closed); <paramref name="added"/> stages it under the lock, so a journal stages events in id order. Dated
    /// <paramref name="at"/> when given, else now.
    /// </summary>
    internal HistoryEvent? Append(long previous, string type, string? detailsName, EventDetails details, bool terminal, JournalStaging? added, DateTimeOffset? at = null) =>
        Append(previous, type, detailsName, details, terminal, closes: false, added, at);

    /// <summary>
    /// Appends the run's terminal event (past the limit) and closes the history, in one step: an event appended
    /// concurrently comes before it, or not at all. Null when the history was already closed (the run ended first).
    /// <paramref name="at"/>: the event's time when not now (an end decided after the fact, dated when it happened).
    /// </summary>
    internal HistoryEvent? AppendEnd(long previous, string type, string? detailsName, EventDetails details, JournalStaging? added, DateTimeOffset? at = null) =>
        Append(previous, type, detailsName, details, terminal: true, closes: true, added, at);

    /// <summary>
    /// Drops the events after <paramref name="lastId"/> and closes the history (a journaled run whose store failed: it
    /// shows only the events the store accepted, and records nothing more).
    /// </summary>
    internal void CutAfter(long lastId)
    {
        lock (_events)
        {
            var kept = 0;
            while (kept < _events.Count && _events[kept].Id <= lastId)
            {
                kept++;
            }

            _events.RemoveRange(kept, _events.Count - kept);
            _closed = true;
        }
    }

    /// <summary>Closes the history without an event (its terminal event is one an earlier run committed).</summary>
    internal void Close()
    {
        lock (_events)
        {
            _closed = true;
        }
    }

    private HistoryEvent? Append(long previous, string type, string? detailsName, EventDetails details, bool terminal, bool closes, JournalStaging? added, DateTimeOffset? at, bool notBeforeLast = false)
    {
        HistoryEvent e;
        lock (_events)
        {
            if (_closed || (!terminal && _events.Count >= MaxEvents))
            {
                return null;
            }

            var timestamp = at ?? _time.GetUtcNow();
            if (notBeforeLast && _events.Count > 0 && _events[^1].Timestamp > timestamp)
            {
                timestamp = _events[^1].Timestamp;
            }

            e = new HistoryEvent(_events.Count + 1, PreviousAsAws(previous, type, details), timestamp, type, detailsName, details);
            _events.Add(e);
            _closed = closes;
            added?.Stage(e);
        }

        Recorded?.Invoke(e);
        return e;
    }

    /// <summary>
    /// The <c>previousEventId</c> AWS records for an event of <paramref name="type"/> that follows
    /// <paramref name="previous"/> in its run's chain. AWS gives the events it records in one step of the run the same
    /// previous event, the one before that step, so its histories (the recorded executions) show: the first state's
    /// entry after <c>ExecutionStarted</c> pointing at 0; an <c>EvaluationFailed</c> of a state's input or output at its
    /// entry pointing where the entry does (a Wait's, evaluated in a later step, at the entry); a Map iteration that starts
    /// as the one before it ends, and a Map started again or failed as an iteration fails, pointing where that iteration's
    /// end does; and <c>ExecutionAborted</c>, which a stop from outside records, at 0. Call under the lock.
    /// </summary>
    private long PreviousAsAws(long previous, string type, EventDetails details)
    {
        if (type == "ExecutionAborted")
        {
            return 0;
        }

        if (_events.Count == 0)
        {
            return previous;
        }

        var last = _events[^1];
        var sameStep = last.Type switch
        {
            "ExecutionStarted" => previous == last.Id && type.EndsWith("StateEntered", StringComparison.Ordinal),
            "MapIterationSucceeded" => type == "MapIterationStarted" && MapNameOf(last) == details.StateName,
            "MapIterationFailed" => type == "MapIterationStarted" ? MapNameOf(last) == details.StateName : previous == last.Id && type is "MapStateStarted" or "MapStateFailed",
            "WaitStateEntered" => false,
            _ => type == "EvaluationFailed" && previous == last.Id && last.Type.EndsWith("StateEntered", StringComparison.Ordinal),
        };
        return sameStep ? last.PreviousEventId : previous;
    }

    /// <summary>
    /// A Map iteration event's Map name: held by an event this run recorded, in the details of one read back from the
    /// journal (a resumed run's history ends with the committed end of an iteration when it crashed after it).
    /// </summary>
    private static string? MapNameOf(HistoryEvent e) =>
        e.StateName ?? (e.HoldsDetailsObject && e.Details["name"].TryGetString(out var name) ? name : null);

    /// <summary>Takes the events an earlier run of the execution committed (before this run records anything).</summary>
    internal void Load(IReadOnlyList<HistoryEvent> committed)
    {
        lock (_events)
        {
            _events.Clear();
            _events.AddRange(committed);
        }
    }

    /// <summary>An empty history with AWS's default limit (the engine reads a finished durable execution's events into one).</summary>
    internal static ExecutionHistory Create(TimeProvider time, int maxEvents) => new(time, maxEvents);

    /// <summary>The history as GetExecutionHistory's <c>events</c> array.</summary>
    public JsonValue ToJson()
    {
        var events = Events;
        var items = new JsonValue[events.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = events[i].ToJson();
        }

        return JsonValue.CreateArray(items);
    }
}

/// <summary>
/// The details of an event being recorded: a JSON value; or a state's name and input or output text (and an exit's
/// assigned variables), or a Map state's name and an iteration's index, from which <see cref="HistoryEvent.Details"/>
/// makes the details object when read.
/// </summary>
internal readonly struct EventDetails
{
    private EventDetails(JsonValue value, string? stateName, JsonValue stateValue)
    {
        Value = value;
        StateName = stateName;
        StateValue = stateValue;
    }

    /// <summary>The details, when given as a value; a Map iteration's index; an exit's assigned variables (name to JSON text).</summary>
    public JsonValue Value { get; }

    /// <summary>The state's name, for a state's entered or exited event or a Map iteration's.</summary>
    public string? StateName { get; }

    /// <summary>The state's input (entered) or output (exited), for a state's entered or exited event; else undefined.</summary>
    public JsonValue StateValue { get; }

    /// <summary>Details given as a value.</summary>
    public static implicit operator EventDetails(JsonValue value) => new(value, null, default);

    /// <summary>Details given as an object.</summary>
    public static implicit operator EventDetails(JsonObjectValue value) => new((JsonValue)value, null, default);

    /// <summary>A state's entered (its input) or exited (its output) details.</summary>
    public static EventDetails OfState(string name, JsonValue data) => new(default, name, data);

    /// <summary>
    /// A state's exited details when it assigned variables: <paramref name="assigned"/> (name to value) becomes
    /// <c>assignedVariables</c>, each name to its value's JSON text in the order assigned, as AWS records it.
    /// </summary>
    public static EventDetails OfExit(string name, JsonValue output, JsonObjectValue assigned)
    {
        var texts = new KeyValuePair<string, JsonValue>[assigned.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = new(assigned[i].Key, assigned[i].Value.ToJsonString());
        }

        return new(JsonValue.CreateObject(texts), name, output);
    }

    /// <summary>A Map iteration's started, succeeded or failed details: the Map state's name and the iteration's index.</summary>
    public static EventDetails OfIteration(string name, int index) => new(index, name, default);
}
