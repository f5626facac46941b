using System;
using System.Collections.Generic;
using System.Globalization;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Execution;

/// <summary>One event of an execution's history, named and shaped as GetExecutionHistory returns it.</summary>
public sealed class HistoryEvent
{
    /// <summary>Creates an event.</summary>
    public HistoryEvent(long id, long previousEventId, DateTimeOffset timestamp, string type, string? detailsName, JsonValue details)
    {
        Id = id;
        PreviousEventId = previousEventId;
        Timestamp = timestamp;
        Type = type;
        DetailsName = detailsName;
        Details = details;
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
    public JsonValue Details { get; }

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
        if (DetailsName is not null && !Details.IsUndefined)
        {
            members.Add(new(DetailsName, Details));
        }

        return JsonValue.CreateObject(members.ToArray());
    }

    /// <inheritdoc />
    public override string ToString() => Type + "#" + Id.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The history of one execution. Thread-safe: Parallel branches append concurrently.</summary>
public sealed class ExecutionHistory
{
    private readonly List<HistoryEvent> _events = [];
    private readonly TimeProvider _time;

    internal ExecutionHistory(TimeProvider time, int maxEvents)
    {
        _time = time;
        MaxEvents = maxEvents;
    }

    /// <summary>The most events an execution may record (AWS: 25,000); one more fails the execution.</summary>
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

    /// <summary>Appends an event; returns its id, or -1 when the limit is reached.</summary>
    internal long Add(long previous, string type, string? detailsName, JsonValue details)
    {
        lock (_events)
        {
            if (_events.Count >= MaxEvents)
            {
                return -1;
            }

            var id = _events.Count + 1;
            _events.Add(new HistoryEvent(id, previous, _time.GetUtcNow(), type, detailsName, details));
            return id;
        }
    }

    /// <summary>Appends an event past the limit (the terminal event of a failing execution).</summary>
    internal long AddTerminal(long previous, string type, string? detailsName, JsonValue details)
    {
        lock (_events)
        {
            var id = _events.Count + 1;
            _events.Add(new HistoryEvent(id, previous, _time.GetUtcNow(), type, detailsName, details));
            return id;
        }
    }

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
