using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// The kernel's side of an <see cref="IExecutionJournal"/> for one run of a Standard execution: what earlier runs
/// committed (looked up by kind and site key), what this run stages, and the history events waiting for their commit
/// before observers hear of them. Exists only for journaled runs, so an undurable run pays nothing.
/// </summary>
internal sealed class JournalReplay
{
    internal const string EventKind = "event";
    internal const string TaskKind = "task";
    internal const string TimerKind = "timer";
    internal const string TokenKind = "token";
    internal const string ItemsKind = "items";
    internal const string SeedKind = "seed";

    /// <summary>A distributed Map's Map Run: its ARN, start date and the generation that started it.</summary>
    internal const string MapRunKind = "maprun";

    /// <summary>A history event of a STANDARD Map Run child execution, keyed by the child's name, a space, and the event's site key.</summary>
    internal const string ChildEventKind = "childevent";

    private readonly IExecutionJournal _journal;
    // Records by kind, then key (no string concatenation per lookup); empty for a new execution.
    private readonly Dictionary<string, Dictionary<string, string>> _committed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HistoryEvent> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HistoryEvent> _childEvents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string Key, HistoryEvent Event)>> _childEventsByName = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedEventKeys = new(StringComparer.Ordinal);
    private string[]? _earlierKeys; // the committed event keys of earlier generations, sorted (see WentPast)
    private readonly HashSet<string> _openTokens = new(StringComparer.Ordinal);
    private readonly List<HistoryEvent> _unannounced = [];
    private readonly TaskCompletionSource _caughtUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Stage and Seal take it, so a record is staged before the seal or not at all.
    private readonly Lock _sealGate = new();
    private bool _sealed;
    private volatile bool _detached;
    private Exception? _fault;
    private int _staged;
    private Task _lastCommit = Task.CompletedTask;

    // The id of the run's last history event staged, and of the last one known to be durable (committed by an earlier
    // run, or by a commit of this one that took it and succeeded): events are staged in id order, and a commit takes
    // every record staged before it, so the durable events are those up to an id.
    private long _stagedEventId;
    private long _durableEventId;

    /// <summary>The run's clock when it is virtual: a commit in flight keeps it still (see <see cref="CommitAsync"/>).</summary>
    public Timing.VirtualTimeProvider? Clock { get; init; }

    public JournalReplay(IExecutionJournal journal, int generation)
    {
        _journal = journal;
        Generation = generation;
        var events = new List<HistoryEvent>();
        foreach (var record in journal.Committed)
        {
            if (record.Kind == EventKind)
            {
                var e = ParseEvent(record.Data);
                _events[record.Key] = e;
                events.Add(e);
            }
            else if (record.Kind == ChildEventKind)
            {
                var e = ParseEvent(record.Data);
                _childEvents[record.Key] = e;
                var name = ChildName(record.Key);
                if (!_childEventsByName.TryGetValue(name, out var ofChild))
                {
                    ofChild = [];
                    _childEventsByName[name] = ofChild;
                }

                ofChild.Add((record.Key, e));
            }
            else
            {
                if (!_committed.TryGetValue(record.Kind, out var byKey))
                {
                    byKey = new Dictionary<string, string>(StringComparer.Ordinal);
                    _committed[record.Kind] = byKey;
                }

                byKey[record.Key] = record.Data;
            }
        }

        events.Sort((a, b) => a.Id.CompareTo(b.Id));
        CommittedEvents = events;
        _durableEventId = events.Count > 0 ? events[^1].Id : 0;
        _stagedEventId = _durableEventId;
        foreach (var ofChild in _childEventsByName.Values)
        {
            ofChild.Sort((a, b) => a.Event.Id.CompareTo(b.Event.Id));
        }

        foreach (var record in journal.Committed)
        {
            if (record.Kind == TokenKind && !TryGet(TaskKind, record.Key, out _))
            {
                _openTokens.Add(record.Key);
            }
        }

        if (_openTokens.Count == 0)
        {
            _caughtUp.TrySetResult();
        }
    }

    /// <summary>The redrive generation of this run (0 for the original attempt): keys staged by frames past a replayed failure carry it.</summary>
    public int Generation { get; }

    /// <summary>The history events committed by earlier runs, in id order.</summary>
    public IReadOnlyList<HistoryEvent> CommittedEvents { get; }

    /// <summary>Completes once every task token that was waiting for a callback at the last commit is registered again (or the run ended).</summary>
    public Task CaughtUp => _caughtUp.Task;

    /// <summary>
    /// The run's history (set by the run): once a commit fails, it is cut back to the events the store accepted (see
    /// <see cref="Fault"/>), so it never shows events that were not written.
    /// </summary>
    public ExecutionHistory? History { get; set; }

    /// <summary>Observers of committed history events (set by the engine).</summary>
    public Action<HistoryEvent>? Announce { get; set; }

    /// <summary>The run's own cancellation (set by the run): cancelled when a commit fails, so every flow of the run stops.</summary>
    public CancellationTokenSource? Interrupt { get; set; }

    /// <summary>
    /// The store's error of the first commit that failed, or null. From then on the journal is sealed and every commit
    /// throws: records staged after a lost commit must never become durable (the journal would no longer be a prefix
    /// of what was staged), so the run stops where it is and a later run resumes from the last commit.
    /// </summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>The key of a record made at <paramref name="frame"/>'s current site.</summary>
    public string Key(StateFrame frame, string suffix) => Versioned(frame, frame.SiteWith(suffix, null));

    /// <summary>Adds the redrive generation to a key made in a frame that moved past its replayed failure.</summary>
    public string Versioned(StateFrame frame, string key) =>
        frame.Live ? key + "~" + Generation.ToString(CultureInfo.InvariantCulture) : key;

    /// <summary>The key of a history event; a second event of one type at one site gets a counter (still deterministic: a frame is sequential).</summary>
    public string EventKey(StateFrame frame, string type)
    {
        var key = Versioned(frame, frame.SiteWith(":", type));
        lock (_usedEventKeys)
        {
            var unique = key;
            for (var n = 2; !_usedEventKeys.Add(unique); n++)
            {
                unique = key + "#" + n.ToString(CultureInfo.InvariantCulture);
            }

            return unique;
        }
    }

    /// <summary>
    /// Whether the first event of <paramref name="type"/> at <paramref name="frame"/>'s current site was committed (unlike
    /// <see cref="EventKey"/>, it takes no key).
    /// </summary>
    public bool HasCommittedEvent(StateFrame frame, string type) =>
        _events.Count > 0 && _events.ContainsKey(Versioned(frame, frame.SiteWith(":", type)));

    /// <summary>
    /// Whether an earlier run went on past the state at <paramref name="frame"/>'s current site: it recorded a later
    /// state of the frame, or a later attempt of this state (a retry). Such a state's recorded failures inside it (a
    /// branch's, an iteration's, a child execution's) were caught, retried or tolerated, and a redrive restarts none of
    /// them. Records of this generation (a redrive resumed after a restart) do not count.
    /// </summary>
    public bool WentPast(StateFrame frame)
    {
        var keys = LazyInitializer.EnsureInitialized(ref _earlierKeys, EarlierKeys);
        if (keys.Length == 0)
        {
            return false;
        }

        var owner = frame.ChildExecution is { } child ? child.Name + " " : string.Empty;
        var step = frame.Step.ToString(CultureInfo.InvariantCulture);
        var nextStep = (frame.Step + 1).ToString(CultureInfo.InvariantCulture);
        var nextAttempt = (frame.RetryCount + 1).ToString(CultureInfo.InvariantCulture);
        var attempt = string.Concat(owner, frame.Path, step, ".", frame.StateName, "@", nextAttempt);
        return HasKeyStartingWith(keys, string.Concat(owner, frame.Path, nextStep, "."))
            || HasKeyStartingWith(keys, attempt + ":")
            || HasKeyStartingWith(keys, attempt + "/");
    }

    private string[] EarlierKeys()
    {
        var current = "~" + Generation.ToString(CultureInfo.InvariantCulture);
        var keys = new List<string>(_events.Count + _childEvents.Count);
        foreach (var byKey in new[] { _events, _childEvents })
        {
            foreach (var key in byKey.Keys)
            {
                if (!key.EndsWith(current, StringComparison.Ordinal) && !key.Contains(current + "#", StringComparison.Ordinal))
                {
                    keys.Add(key);
                }
            }
        }

        var sorted = keys.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return sorted;
    }

    private static bool HasKeyStartingWith(string[] sorted, string prefix)
    {
        var at = Array.BinarySearch(sorted, prefix, StringComparer.Ordinal);
        return at >= 0 || (~at < sorted.Length && sorted[~at].StartsWith(prefix, StringComparison.Ordinal));
    }

    public bool TryGet(string kind, string key, out string data)
    {
        if (_committed.TryGetValue(kind, out var byKey) && byKey.TryGetValue(key, out data!))
        {
            return true;
        }

        data = null!;
        return false;
    }

    public bool TryGetEvent(string key, out HistoryEvent historyEvent)
    {
        if (_events.Count == 0)
        {
            historyEvent = null!;
            return false;
        }

        return _events.TryGetValue(key, out historyEvent!);
    }

    /// <summary>A committed event of a Map Run child execution, by its key (see <see cref="ChildEventKind"/>).</summary>
    public bool TryGetChildEvent(string key, out HistoryEvent historyEvent)
    {
        if (_childEvents.Count == 0)
        {
            historyEvent = null!;
            return false;
        }

        return _childEvents.TryGetValue(key, out historyEvent!);
    }

    /// <summary>The committed events of the Map Run child execution named <paramref name="name"/>, in id order, with their keys.</summary>
    public IReadOnlyList<(string Key, HistoryEvent Event)> ChildEvents(string name) =>
        _childEventsByName.TryGetValue(name, out var events) ? events : [];

    /// <summary>The child execution's name in a <see cref="ChildEventKind"/> key.</summary>
    internal static string ChildName(string key)
    {
        var space = key.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? key : key[..space];
    }

    /// <summary>Stages a new event of a Map Run child execution (called under the child history's lock); observers of the execution do not hear of it.</summary>
    public void StageChildEvent(string key, HistoryEvent historyEvent) => Stage(new JournalRecord(key, ChildEventKind, historyEvent), seal: false);

    /// <summary>Stages a record; once the journal is sealed (the run's terminal event is staged), drops it.</summary>
    public void Stage(string kind, string key, string data) => Stage(new JournalRecord(key, kind, data), seal: false);

    /// <summary>Stages a new history event (called under the history's lock, so ids are staged in order).</summary>
    public void StageEvent(string key, HistoryEvent historyEvent) => StageEvent(key, historyEvent, seal: false);

    /// <summary>
    /// Stages the run's terminal event and seals the journal in one step: a record staged concurrently (a branch's) comes
    /// before the end, or is dropped. The commit that follows makes the end durable; nothing is staged after it.
    /// </summary>
    public void StageEnd(string key, HistoryEvent historyEvent) => StageEvent(key, historyEvent, seal: true);

    /// <summary>Seals the journal without staging (the run's end was committed by an earlier run, or is not recorded).</summary>
    public void Seal()
    {
        lock (_sealGate)
        {
            _sealed = true;
        }
    }

    /// <summary>
    /// Cuts the journal off (a shutdown stopped waiting for the run): nothing more is staged, and no commit is made from
    /// now on, not even of records staged before; the journal stays as its last commit left it.
    /// </summary>
    public void Detach()
    {
        lock (_sealGate)
        {
            _sealed = true;
            _detached = true;
        }
    }

    /// <summary>Whether <see cref="Detach"/> cut the journal off.</summary>
    public bool Detached => _detached;

    private void StageEvent(string key, HistoryEvent historyEvent, bool seal)
    {
        if (!Stage(new JournalRecord(key, EventKind, historyEvent), seal, historyEvent.Id))
        {
            return;
        }

        if (Announce is not null)
        {
            lock (_unannounced)
            {
                _unannounced.Add(historyEvent);
            }
        }
    }

    /// <summary>Stages a record (<paramref name="eventId"/>: the run's history event it is, staged in id order; else 0).</summary>
    private bool Stage(JournalRecord record, bool seal, long eventId = 0)
    {
        lock (_sealGate)
        {
            if (_sealed)
            {
                return false;
            }

            _journal.Stage(record);
            _sealed = seal;
            if (eventId > 0)
            {
                _stagedEventId = eventId;
            }

            Interlocked.Increment(ref _staged);
        }

        return true;
    }

    /// <summary>Commits what was staged (nothing to do when nothing was), then tells observers of the events it made durable.</summary>
    /// <remarks>
    /// A commit that fails (not one cancelled by <paramref name="cancellationToken"/>) stops the run: see
    /// <see cref="Fault"/>. It throws an <see cref="OperationCanceledException"/> of <see cref="Interrupt"/>'s token, so
    /// the run unwinds as a stopped one does, and the run turns it into an <see cref="ExecutionJournalException"/>.
    /// </remarks>
    public async ValueTask CommitAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _fault) is not null)
        {
            throw Interrupted(null);
        }

        if (_detached)
        {
            // Cut off by a shutdown: the run unwinds as a suspended one (its suspension is requested), committing nothing.
            throw new OperationCanceledException("The run was left behind by a shutdown: nothing more is committed.");
        }

        // Taken with the count, before the journal takes its records: every event up to it is among them (or was
        // committed before).
        long stagedEvents;
        int staged;
        lock (_sealGate)
        {
            stagedEvents = _stagedEventId;
            staged = Interlocked.Exchange(ref _staged, 0);
        }

        if (staged == 0)
        {
            return;
        }

        HistoryEvent[]? announce = null;
        if (Announce is not null)
        {
            lock (_unannounced)
            {
                announce = _unannounced.ToArray();
                _unannounced.Clear();
            }
        }

        Task commit;
        try
        {
            commit = _journal.CommitAsync(cancellationToken).AsTask();
        }
#pragma warning disable CA1031 // whatever the store throws, the run stops without an end
        catch (Exception e)
#pragma warning restore CA1031
        {
            commit = Task.FromException(e);
        }

        Volatile.Write(ref _lastCommit, commit);
        try
        {
            // On a virtual clock the commit keeps time still, as a handler's pending call does: the store writes on its
            // own thread, so an idle thread pool does not mean the run has armed the timers that follow the commit.
            using var held = commit.IsCompleted ? null : Clock?.NoteWait("the store commits the execution's journal", call: true);
            await commit.ConfigureAwait(false);
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw Interrupted(e);
        }

        Durable(stagedEvents);
        if (announce is not null)
        {
            foreach (var e in announce)
            {
                Announce!(e);
            }
        }
    }

    /// <summary>
    /// Commits what was staged and returns once it is durable, also when another flow's commit (a Parallel branch's)
    /// took the staged records and is still writing them.
    /// </summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        await CommitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Volatile.Read(ref _lastCommit).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw Interrupted(e);
        }
    }

    /// <summary>
    /// Records the first failed commit (<paramref name="failure"/>; null: one already recorded), seals the journal and
    /// cancels the run; the exception that unwinds the caller.
    /// </summary>
    private OperationCanceledException Interrupted(Exception? failure)
    {
        if (failure is not null && Interlocked.CompareExchange(ref _fault, failure, null) is null)
        {
            Seal();

            // What the run recorded since the last commit that succeeded was never written, and will not be: the
            // history shows what the store holds (a later run of the execution shows the same).
            History?.CutAfter(Volatile.Read(ref _durableEventId));
            try
            {
                Interrupt?.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run has ended (an abandoned run's end was being committed).
            }
        }

        var fault = Volatile.Read(ref _fault)!;
        CancellationToken token;
        try
        {
            token = Interrupt?.Token ?? CancellationToken.None;
        }
        catch (ObjectDisposedException)
        {
            token = CancellationToken.None;
        }

        return new OperationCanceledException("The journal could not be committed: " + fault.Message, fault, token);
    }

    /// <summary>Marks the run's history events up to <paramref name="eventId"/> durable.</summary>
    private void Durable(long eventId)
    {
        var known = Volatile.Read(ref _durableEventId);
        while (eventId > known)
        {
            var seen = Interlocked.CompareExchange(ref _durableEventId, eventId, known);
            if (seen == known)
            {
                return;
            }

            known = seen;
        }
    }

    /// <summary>A task token of <paramref name="site"/> is waiting for its callback again.</summary>
    public void TokenRegistered(string site)
    {
        lock (_openTokens)
        {
            if (_openTokens.Remove(site) && _openTokens.Count == 0)
            {
                _caughtUp.TrySetResult();
            }
        }
    }

    public void Ended() => _caughtUp.TrySetResult();

    internal static string FormatOutcome(TaskOutcome outcome)
    {
        // Written straight into a reused builder: a record costs its string, not an object tree and a growing buffer.
        var sb = Builder();
        sb.Append('{');
        if (outcome.Failed)
        {
            sb.Append("\"error\":");
            if (outcome.Error is null)
            {
                sb.Append("null"); // a failure with no error name (SendTaskFailure without one)
            }
            else
            {
                JsonValueWriter.AppendQuoted(sb, outcome.Error);
            }

            if (outcome.Cause is not null)
            {
                sb.Append(",\"cause\":");
                JsonValueWriter.AppendQuoted(sb, outcome.Cause);
            }
        }
        else if (!outcome.Output.IsUndefined)
        {
            sb.Append("\"output\":");
            JsonValueWriter.Write(sb, outcome.Output, 0);
        }

        return Release(sb.Append('}'));
    }

    internal static TaskOutcome ParseOutcome(string data)
    {
        var value = JsonValue.Parse(data);
        var error = value["error"];
        if (error.IsString || error.IsNull)
        {
            return TaskOutcome.Failure(error.TryGetString(out var name) ? name : null, value["cause"].TryGetString(out var cause) ? cause : null);
        }

        return TaskOutcome.Success(value["output"]);
    }

    internal static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    internal static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    internal static string FormatEvent(HistoryEvent e)
    {
        var sb = Builder();
        sb.Append(CultureInfo.InvariantCulture, $"{{\"id\":{e.Id},\"previousEventId\":{e.PreviousEventId},\"timestamp\":\"{e.Timestamp.UtcDateTime:O}\",\"type\":");
        JsonValueWriter.AppendQuoted(sb, e.Type);
        if (e.DetailsName is not null)
        {
            sb.Append(",\"detailsName\":");
            JsonValueWriter.AppendQuoted(sb, e.DetailsName);
            var details = e.Details; // read once: a state's or iteration's details are made at each read
            if (!details.IsUndefined)
            {
                sb.Append(",\"details\":");
                JsonValueWriter.Write(sb, details, 0);
            }
        }

        return Release(sb.Append('}'));
    }

    [ThreadStatic]
    private static System.Text.StringBuilder? t_builder;

    private static System.Text.StringBuilder Builder()
    {
        var sb = t_builder ?? new System.Text.StringBuilder(1024);
        t_builder = null;
        return sb;
    }

    private static string Release(System.Text.StringBuilder sb)
    {
        var text = sb.ToString();
        if (sb.Capacity <= 64 * 1024)
        {
            sb.Clear();
            t_builder = sb;
        }

        return text;
    }

    /// <summary>Reads a history event record (the engine reads a finished execution's history this way).</summary>
    internal static HistoryEvent ParseEvent(string data)
    {
        var value = JsonValue.Parse(data);
        value["id"].TryGetInt64(out var id);
        value["previousEventId"].TryGetInt64(out var previous);
        return new HistoryEvent(
            id,
            previous,
            ParseTime(value["timestamp"].TryGetString(out var ts) ? ts : string.Empty),
            value["type"].TryGetString(out var type) ? type : string.Empty,
            value["detailsName"].TryGetString(out var detailsName) ? detailsName : null,
            value["details"]);
    }
}

/// <summary>How an event appended to the history goes into the journal (see <see cref="JournalStaging"/>).</summary>
internal enum JournalStagingKind
{
    /// <summary>The run's own event (<see cref="JournalReplay.StageEvent(string, HistoryEvent)"/>).</summary>
    Event,

    /// <summary>A Map Run child execution's event (<see cref="JournalReplay.StageChildEvent"/>).</summary>
    ChildEvent,

    /// <summary>The run's terminal event, which seals the journal (<see cref="JournalReplay.StageEnd"/>).</summary>
    End,
}

/// <summary>Stages an event the history appends, under the history's lock, under <paramref name="Key"/> (no delegate to allocate per event).</summary>
/// <param name="Replay">The run's journal.</param>
/// <param name="Key">The event's key.</param>
/// <param name="Kind">How it is staged.</param>
internal readonly record struct JournalStaging(JournalReplay Replay, string Key, JournalStagingKind Kind)
{
    /// <summary>Stages <paramref name="added"/>.</summary>
    public void Stage(HistoryEvent added)
    {
        switch (Kind)
        {
            case JournalStagingKind.ChildEvent:
                Replay.StageChildEvent(Key, added);
                break;
            case JournalStagingKind.End:
                Replay.StageEnd(Key, added);
                break;
            default:
                Replay.StageEvent(Key, added);
                break;
        }
    }
}
