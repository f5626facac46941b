using System;
using System.Diagnostics;
using System.Globalization;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// The running state as its fields see it: the context object (built only when a field reads it), the variables in
/// scope, the Map item. One frame per graph run (the execution, a Parallel branch, a Map iteration), moved from state to state.
/// </summary>
public sealed partial class StateFrame
{
    // The object the last Assign of this frame stored (see TakeAssigned), kept until the state's exit is recorded.
    private JsonValue _assigned;

    private readonly ExecutionRun _run;
    private EvaluationContext? _plain;
    private EvaluationContext? _full;
    private Func<JsonValue>? _buildContext;
    private StateProgram? _state;

    // Where this frame sits in the execution (journal site keys): the parent's state visit and attempt when the
    // frame was made, and the branch ('b') or iteration ('i') index. Kept as parts so an undurable run builds no strings.
    private readonly StateFrame? _parent;
    private readonly int _parentStep;
    private readonly int _parentAttempt;
    private readonly char _segmentKind;
    private int _segmentIndex; // set again when a synchronous Map reuses the frame for its next iteration
    private string? _path;
    private Random? _random;
    private int _randomSeed;
    private bool _seeded; // a journaled run's frame: _random is made from _randomSeed when first drawn from
    private WentPastAnswer? _wentPast; // the last site RecordedRunWentPast answered for (a reference: children ask concurrently)

    internal StateFrame(ExecutionRun run, VariableScope variables, bool record, long lastEventId)
    {
        _run = run;
        Variables = variables;
        Record = record;
        LastEventId = lastEventId;
    }

    /// <summary>A child frame: Parallel branch (<paramref name="kind"/> 'b') or Map iteration ('i') number <paramref name="index"/>.</summary>
    internal StateFrame(StateFrame parent, char kind, int index, VariableScope variables, bool record)
        : this(parent._run, variables, record, parent.LastEventId)
    {
        _parent = parent;
        _parentStep = parent.Step;
        _parentAttempt = parent.RetryCount;
        _segmentKind = kind;
        _segmentIndex = index;
        Live = parent.Live;
        ChildExecution = parent.ChildExecution;
        Concluded = parent.Concluded || parent.RecordedRunWentPast();
    }

    /// <summary>
    /// The Map Run child execution this frame runs in (a distributed Map's child and everything under it), or null in
    /// the execution itself: its history, <c>$$.Execution</c> and <c>$$.StateMachine</c> are the child's.
    /// </summary>
    internal MapRunExecution? ChildExecution { get; private set; }

    /// <summary>Makes this frame the root of a Map Run child execution (its events start a new history).</summary>
    internal void BeginChildExecution(MapRunExecution execution)
    {
        ChildExecution = execution;
        LastEventId = 0;
        _full = null;
    }

    /// <summary>How many states this frame has entered (the current one included): the visit part of a site key.</summary>
    internal int Step { get; private set; }

    /// <summary>
    /// Set once a redriven execution has moved past its recorded failure in this frame: from then on the frame's records
    /// are new ones (keyed by the redrive generation) and nothing recorded earlier is replayed in it.
    /// </summary>
    internal bool Live { get; private set; }

    /// <summary>
    /// Set on a redriven execution's frame inside a Parallel, Map or Map Run child whose recorded run went on past its
    /// state (see <see cref="JournalReplay.WentPast"/>): a failure recorded in it was caught, retried or tolerated outside
    /// it, so the redrive replays it as recorded and restarts nothing in it.
    /// </summary>
    internal bool Concluded { get; }

    /// <summary>
    /// Whether a redrive's journal shows the run went on past this frame's current state (<see cref="JournalReplay.WentPast"/>);
    /// false for a frame that is live or a run that is no redrive. Asked once per site: each child of a Parallel or Map
    /// (and the Map Run itself) asks the same question.
    /// </summary>
    internal bool RecordedRunWentPast()
    {
        if (Live || _run.Replay is not { Generation: > 0 } replay)
        {
            return false;
        }

        var answer = System.Threading.Volatile.Read(ref _wentPast);
        if (answer is null || answer.Step != Step || answer.Attempt != RetryCount)
        {
            answer = new WentPastAnswer(Step, RetryCount, replay.WentPast(this));
            System.Threading.Volatile.Write(ref _wentPast, answer);
        }

        return answer.Value;
    }

    private sealed record WentPastAnswer(int Step, int Attempt, bool Value);

    /// <summary>Whether the last task attempt's failure was replayed from the journal (redrive restarts such a state).</summary>
    internal bool ReplayedFailure { get; set; }

    /// <summary>The frame's place in the execution: empty for the execution itself, else the parent's site plus the branch or iteration.</summary>
    internal string Path => _path ??= _parent is null
        ? string.Empty
        : _parent.Path + _parentStep.ToString(CultureInfo.InvariantCulture) + "." + _parent.StateName + "@" + _parentAttempt.ToString(CultureInfo.InvariantCulture)
          + "/" + _segmentKind + _segmentIndex.ToString(CultureInfo.InvariantCulture) + "/";

    /// <summary>The current state visit and attempt, stable across runs of the same execution (before any state: the frame's start).</summary>
    internal string Site => SiteWith(null, null);

    /// <summary><see cref="Site"/> followed by <paramref name="suffix"/> and <paramref name="more"/>, made in one string.</summary>
    internal string SiteWith(string? suffix, string? more) => Step == 0
        ? string.Concat(Path, "^", suffix, more)
        : string.Create(CultureInfo.InvariantCulture, $"{Path}{Step}.{StateName}@{RetryCount}{suffix}{more}");

    /// <summary>The randomness this frame draws from: the run's, or for a journaled run one seeded per frame so replays draw the same.</summary>
    internal Random Random => _random ?? (_seeded ? _random = new Random(_randomSeed) : _run.Random);

    internal void SeedRandom(int executionSeed)
    {
        // FNV-1a over the path: stable across processes (string.GetHashCode is not).
        var hash = 2166136261u;
        foreach (var c in Path)
        {
            hash = (hash ^ c) * 16777619u;
        }

        // Made when first drawn from: a seeded Random fills a 56-number table, and most frames never draw.
        _random = null;
        _randomSeed = executionSeed ^ (int)hash;
        _seeded = true;
    }

    /// <summary>
    /// Sets whether a new child frame starts live: as its parent was when the parent's state started, not as it is now
    /// (a sibling that went live meanwhile makes the parent live, but this frame's own records still replay).
    /// </summary>
    internal void StartLive(bool live) => Live = live;

    /// <summary>Marks this frame and its ancestors as past their replayed failure (see <see cref="Live"/>).</summary>
    internal void GoLive()
    {
        for (var frame = this; frame is not null && !frame.Live; frame = frame._parent)
        {
            frame.Live = true;
        }
    }

    internal void SetEnteredTime(DateTimeOffset time)
    {
        EnteredTime = time;
        _full = null;
    }

    /// <summary>The variables in scope.</summary>
    public VariableScope Variables
    {
        get => _variables ?? NewIterationScope();
        private set => _variables = value;
    }

    // Null only for a reused Map iteration's frame until something reads or sets a variable: its new scope (over the
    // parent's) is made then.
    private VariableScope? _variables;

    private VariableScope NewIterationScope() => _variables = new VariableScope(_parent!.Variables);

    /// <summary>
    /// Gives the frame a scope of its own that reads no outer variable: a distributed Map's child execution, once its
    /// ItemSelector (a field of the Map state, which reads them) has run. AWS: "Distributed Map states cannot currently
    /// reference variables in outer scopes."
    /// </summary>
    internal void IsolateVariables() => _variables = new VariableScope();

    /// <summary>The current state (null before the first).</summary>
    internal StateProgram? State => _state;

    /// <summary>
    /// The <c>MapStateFailed</c>/<c>ParallelStateFailed</c> event of the attempt that just failed, held until the retriers
    /// decide: AWS records it only when the state is not run again.
    /// </summary>
    internal string? DeferredFailedEvent { get; set; }

    /// <summary>The current state's name.</summary>
    public string StateName => _state?.Name ?? string.Empty;

    /// <summary>When the current state was entered.</summary>
    public DateTimeOffset EnteredTime
    {
        get
        {
            if (_enteredTimePending != PendingTime.None)
            {
                // Entered by the synchronous loop on the system clock: read when first needed, within the state. A Map
                // iteration's frame before its first state has the Map state's time, itself perhaps not read yet.
                _enteredTime = _enteredTimePending == PendingTime.Parent ? _parent!.EnteredTime : _run.Clock.GetUtcNow();
                _enteredTimePending = PendingTime.None;
            }

            return _enteredTime;
        }

        private set
        {
            _enteredTime = value;
            _enteredTimePending = PendingTime.None;
        }
    }

    private DateTimeOffset _enteredTime;
    private PendingTime _enteredTimePending;

    /// <summary>Where <see cref="EnteredTime"/> comes from when it is first read, if not from <c>_enteredTime</c>.</summary>
    private enum PendingTime : byte
    {
        None,
        Clock,
        Parent,
    }

    /// <summary>How many times the current state has been retried.</summary>
    public int RetryCount { get; private set; }

    /// <summary>The task token of the current task, or null.</summary>
    public string? TaskToken { get; private set; }

    /// <summary>The current Map item's index, or -1.</summary>
    public int MapItemIndex { get; private set; } = -1;

    /// <summary>The current Map item's value (undefined outside a Map).</summary>
    public JsonValue MapItemValue { get; private set; }

    /// <summary>Where the current Map item came from (<c>$$.Map.Item.Source</c>): <c>STATE_DATA</c> or an S3 URI; null: not reported.</summary>
    public string? MapItemSource { get; private set; }

    /// <summary>The raw input of the current state (JSONata's <c>$states.input</c>).</summary>
    public JsonValue StateInput { get; private set; }

    /// <summary>The execution's ARN.</summary>
    public string ExecutionArn => ChildExecution?.ExecutionArn ?? _run.ExecutionArn;

    /// <summary>The id of the current state's <c>*StateEntered</c> event (0 when history is off); AWS's cause texts name it.</summary>
    public long EnteredEventId { get; internal set; }

    /// <summary>
    /// The clock JSONata's <c>$now()</c> and <c>$millis()</c> read: the kernel's, or in a journaled run one that records
    /// each reading so a replay reads the same time (see <see cref="DurableNow"/>).
    /// </summary>
    public TimeProvider Clock => _run.Replay is null ? _run.Clock : _journaledClock ??= new JournaledClock(this);

    private JournaledClock? _journaledClock;
    private string? _clockSite;
    private int _clockReads;

    /// <summary>
    /// A clock reading of a journaled run: the n-th reading at the current site (state visit and attempt) is recorded
    /// the first time and the recorded value is returned on replay. Readings of one frame are sequential, so n is stable.
    /// </summary>
    internal DateTimeOffset DurableNow()
    {
        var replay = _run.Replay!;
        var site = replay.Key(this, ":now");
        if (site != _clockSite)
        {
            _clockSite = site;
            _clockReads = 0;
        }

        var key = ++_clockReads == 1 ? site : site + "#" + _clockReads.ToString(CultureInfo.InvariantCulture);
        if (replay.TryGet(JournalReplay.TimerKind, key, out var recorded))
        {
            return JournalReplay.ParseTime(recorded);
        }

        var now = _run.Clock.GetUtcNow();
        replay.Stage(JournalReplay.TimerKind, key, JournalReplay.FormatTime(now));
        return now;
    }

    /// <summary>
    /// Records an <c>EvaluationFailed</c> event (as AWS does when a JSONata field fails) for the current state;
    /// <paramref name="location"/> is the field (<c>Arguments/FunctionName</c>), or null when the failure is not a field's.
    /// </summary>
    public void ReportEvaluationFailure(string error, string cause, string? location)
    {
        if (!Record)
        {
            return;
        }

        var builder = new JsonObjectBuilder(4);
        builder.Set("cause", cause);
        builder.Set("error", error);
        if (location is not null)
        {
            builder.Set("location", location);
        }

        builder.Set("state", StateName);
        _run.Record(this, "EvaluationFailed", "evaluationFailedEventDetails", builder.ToObject());
    }

    internal bool Record { get; }

    internal long LastEventId { get; set; }

    /// <summary>What JSONPath evaluation sees: the context object when the state reads it, and the variables.</summary>
    public EvaluationContext EvaluationContext
    {
        get
        {
            if (_state is { UsesContextObject: true } || MapItemIndex >= 0)
            {
                // The context object is built when a path reads it; $$.Map.Item.Value... reads the item without it.
                return _full ??= ContextOverride.IsUndefined
                    ? new EvaluationContext { ContextFactory = _buildContext ??= BuildContextObject, Frame = this, MapItemIndex = MapItemIndex, MapItemValue = MapItemValue, Variables = Variables, RandomFrame = this }
                    : new EvaluationContext { ContextObject = BuildContextObject(), Variables = Variables, RandomFrame = this };
            }

            return _plain ??= new EvaluationContext { Variables = Variables, RandomFrame = this };
        }
    }

    /// <summary>The context object (<c>$$</c>) of the current state.</summary>
    public JsonValue ContextObject => BuildContextObject();

    /// <summary>A context object given from outside (TestState's <c>context</c>) that replaces the built one; undefined: build it.</summary>
    internal JsonValue ContextOverride { get; set; }

    internal void Enter(StateProgram state, JsonValue input, DateTimeOffset now)
    {
        _state = state;
        Step++;
        _run.CountStateEntered(this);
        StateInput = input;
        EnteredTime = now;
        RetryCount = 0;
        TaskToken = null;
        _full = null;
    }

    internal void SetRetryCount(int count)
    {
        RetryCount = count;
        _full = null;
    }

    internal void SetTaskToken(string? token)
    {
        TaskToken = token;
        _full = null;
    }

    internal void SetMapItem(int index, JsonValue value, string? source = null)
    {
        MapItemIndex = index;
        MapItemValue = value;
        MapItemSource = source;
        _full = null;
    }

    internal void InheritState(StateFrame parent)
    {
        Debug.Assert(ReferenceEquals(parent, _parent), "a frame inherits its own parent's state");
        _state = parent._state;
        if (parent._enteredTimePending == PendingTime.None)
        {
            EnteredTime = parent._enteredTime;
        }
        else
        {
            _enteredTimePending = PendingTime.Parent;
        }

        EnteredEventId = parent.EnteredEventId;
        StateInput = parent.StateInput;
    }

    /// <summary>
    /// A member of the context object that is read without building the object (<c>Execution</c>, <c>StateMachine</c>,
    /// <c>Task</c>: undefined when the object has no such member); false for the others, and when the context object
    /// was given from outside.
    /// </summary>
    internal bool TryGetContextMember(string name, out JsonValue value)
    {
        value = default;
        if (!ContextOverride.IsUndefined)
        {
            return false;
        }

        switch (name)
        {
            case "Execution":
                value = ChildExecution?.ExecutionContext ?? _run.ExecutionContext;
                return true;
            case "StateMachine":
                value = ChildExecution?.StateMachineContext ?? _run.StateMachineContext;
                return true;
            case "Task":
                value = TaskToken is null ? default : JsonMembers.Single("Token", TaskToken);
                return true;
            default:
                return false;
        }
    }

    private JsonValue BuildContextObject()
    {
        if (!ContextOverride.IsUndefined)
        {
            // TestState's context with the Map item an ItemSelector is evaluated for.
            return MapItemIndex >= 0 && ContextOverride.TryGetObject(out var given) ? WithMapItem(given) : ContextOverride;
        }

        var builder = new JsonObjectBuilder(5);
        TryGetContextMember("Execution", out var execution);
        TryGetContextMember("StateMachine", out var stateMachine);
        builder.Set("Execution", execution);
        builder.Set("StateMachine", stateMachine);
        // AWS gives RetryCount only to the states that can retry (Task, Parallel, Map): a Pass state's $$.State has none.
        // Name comes first, as recorded (the order shows in States.JsonToString and States.Format).
        builder.Set("State", _state?.Type is StateType.Task or StateType.Parallel or StateType.Map
            ? JsonValue.CreateObject(new("Name", StateName), new("EnteredTime", FormatTime(EnteredTime)), new("RetryCount", RetryCount))
            : JsonValue.CreateObject(new("Name", StateName), new("EnteredTime", FormatTime(EnteredTime))));
        if (TaskToken is not null)
        {
            builder.Set("Task", JsonMembers.Single("Token", TaskToken));
        }

        if (MapItemIndex >= 0)
        {
            builder.Set("Map", MapSection());
        }

        return builder.ToObject();
    }

    /// <summary>
    /// <c>$$.Map</c> of the current item. AWS documents Index, Key (only when iterating a JSON object, which Map does
    /// not: Items must be an array), Value, Source.
    /// </summary>
    private JsonValue MapSection()
    {
        var item = MapItemSource is null
            ? JsonValue.CreateObject(new("Index", MapItemIndex), new("Value", MapItemValue))
            : JsonValue.CreateObject(new("Index", MapItemIndex), new("Value", MapItemValue), new("Source", MapItemSource));
        return JsonMembers.Single("Item", item);
    }

    /// <summary>A given context object with <c>Map</c> set to the current item's.</summary>
    private JsonValue WithMapItem(JsonObjectValue given)
    {
        var builder = new JsonObjectBuilder(given.Count + 1);
        foreach (var member in given.AsSpan())
        {
            if (member.Key != "Map")
            {
                builder.Set(member.Key, member.Value);
            }
        }

        builder.Set("Map", MapSection());
        return builder.ToObject();
    }

    internal static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
