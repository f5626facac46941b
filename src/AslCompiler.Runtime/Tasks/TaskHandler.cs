using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Tasks;

/// <summary>User code behind a Task resource: receives the effective input and returns the result, or throws
/// <see cref="Execution.TaskFailedException"/> to fail with an error name and cause.</summary>
public delegate ValueTask<JsonValue> TaskHandler(TaskInvocation invocation);

/// <summary>What a task handler receives.</summary>
public sealed class TaskInvocation
{
    internal TaskInvocation(
        string resource,
        JsonValue input,
        JsonValue credentials,
        string? taskToken,
        string stateName,
        string executionArn,
        Action heartbeat,
        CancellationToken cancellationToken)
    {
        Resource = resource;
        Input = input;
        Credentials = credentials;
        TaskToken = taskToken;
        StateName = stateName;
        ExecutionArn = executionArn;
        _heartbeat = heartbeat;
        CancellationToken = cancellationToken;
    }

    private static readonly AsyncLocal<TaskInvocation?> s_current = new();

    private readonly Action _heartbeat;

    /// <summary>
    /// The invocation whose handler is running on this asynchronous flow (in the handler and in whatever it awaits), or
    /// null outside one. For code that is given only the input: a generated class's typed <c>IHandlers</c> methods read
    /// <see cref="IdempotencyKey"/>, <see cref="TaskToken"/> or <see cref="ExecutionArn"/> here, or call
    /// <see cref="Heartbeat"/>.
    /// </summary>
    public static TaskInvocation? Current => s_current.Value;

    /// <summary>Makes <paramref name="invocation"/> <see cref="Current"/> on this flow (the kernel, as it calls a handler).</summary>
    internal static void SetCurrent(TaskInvocation? invocation) => s_current.Value = invocation;

    /// <summary>The resource ARN as the state names it.</summary>
    public string Resource { get; }

    /// <summary>The effective input (after InputPath and Parameters, or Arguments).</summary>
    public JsonValue Input { get; }

    /// <summary>The evaluated <c>Credentials</c> field (undefined when absent).</summary>
    public JsonValue Credentials { get; }

    /// <summary>The task token (for <c>.waitForTaskToken</c>, <c>.sync</c> and activities), or null.</summary>
    public string? TaskToken { get; }

    /// <summary>The name of the Task state.</summary>
    public string StateName { get; }

    /// <summary>The ARN of the execution running the task.</summary>
    public string ExecutionArn { get; }

    /// <summary>
    /// Names this task attempt uniquely and stably: the execution ARN, the branch and iteration path, the state's visit
    /// (how many states its branch had entered) and name, and the retry attempt — for example
    /// <c>arn:aws:states:us-east-1:123456789012:execution:M:run-1/3.Charge@0</c>, or
    /// <c>.../2.Fan@0/b1/1.Charge@2</c> inside Parallel branch 1. A durable (Standard) execution that resumes after a
    /// restart calls a handler again when its outcome was not committed, with the same key: a handler that performs each
    /// key's side effect once (a conditional write, a deduplicated message) makes the effect exactly-once. After a
    /// redrive, the re-run attempts end in <c>~N</c> (N: the redrive count) so they do not collide with the failed ones.
    /// </summary>
    public string IdempotencyKey => _idempotencyKey ??= BuildIdempotencyKey();

    internal Execution.StateFrame? Site { get; init; }

    internal int SiteStep { get; init; }

    internal int SiteAttempt { get; init; }

    internal int SiteLive { get; init; }

    private string? _idempotencyKey;

    private string BuildIdempotencyKey()
    {
        var key = ExecutionArn + "/" + (Site?.Path ?? string.Empty) + SiteStep.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + "." + StateName + "@" + SiteAttempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return SiteLive > 0 ? key + "~" + SiteLive.ToString(System.Globalization.CultureInfo.InvariantCulture) : key;
    }

    /// <summary>The state's timeout (TimeoutSeconds), or null when the execution's own time limit comes first.</summary>
    internal TimeSpan? Timeout { get; init; }

    /// <summary>Cancelled when the task times out, the execution stops or a sibling branch fails.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Reports that the task is alive (resets the HeartbeatSeconds timer).</summary>
    public void Heartbeat() => _heartbeat();

    /// <summary>
    /// For a <c>.sync</c> task (<c>arn:aws:states:::ecs:runTask.sync</c>, say): reports that its job was submitted, with
    /// the service's response to the submission, which the history records as TaskSubmitted, as AWS records it before
    /// the job's end. Only the first report counts, and only while the task waits for the handler. A <c>.sync</c> handler
    /// that returns without reporting gets a TaskSubmitted with an empty object; one that fails without reporting gets
    /// none (its job was not submitted). Other tasks ignore it.
    /// </summary>
    /// <param name="response">The submission's response (undefined: an empty object).</param>
    public void ReportSubmitted(JsonValue response) => SubmissionReport?.Invoke(response);

    internal Action<JsonValue>? SubmissionReport { get; init; }

    /// <summary>
    /// Marks real work in flight (a call over the network): while it is held, an execution on a virtual clock
    /// (<see cref="Timing.VirtualTimeProvider"/>, as <c>asl run</c> uses) moves time only at the real pace instead of
    /// jumping to its next timer, so the task's timeout cannot fire just because the handler is waiting for an answer,
    /// however long the answer takes. Dispose the result to release it. On any other clock it does nothing. (Without it,
    /// a pending call keeps time still for up to the driver's idle limit: see <see cref="ReleaseClock"/>.)
    /// </summary>
    /// <returns>The hold.</returns>
    public IDisposable HoldClock() => Clock?.HoldAdvance() ?? NoHold.Instance;

    /// <summary>
    /// Lets a virtual clock jump while this handler waits. On a <see cref="Timing.VirtualTimeProvider"/> driven by
    /// <see cref="Timing.VirtualClock"/>, time stays still while a handler's call is pending (for up to the driver's idle
    /// limit), so a handler that awaits real work (an in-memory fake, a test server) is not timed out by a jump to the
    /// task's <c>TimeoutSeconds</c>, and the history's times stay those of the clock. A handler that waits on purpose
    /// calls this first: one that never answers, to test the task's timeout or heartbeat at once; one that waits on the
    /// virtual clock's own timers (<c>Task.Delay(duration, clock)</c>). It holds for the rest of the call. On any other
    /// clock, and once the call has ended, it does nothing.
    /// </summary>
    public void ReleaseClock()
    {
        if (Interlocked.Exchange(ref _callWait, NoHold.Instance) is { } wait)
        {
            wait.Dispose();
        }
    }

    /// <summary>
    /// Notes on the virtual clock that the handler's call is pending (the kernel, when the call did not complete at once),
    /// unless the handler already called <see cref="ReleaseClock"/>; <see cref="ReleaseClock"/> ends it (the kernel calls
    /// it when the call ends or when it stops waiting for it).
    /// </summary>
    internal void NotePendingCall(Timing.VirtualTimeProvider clock)
    {
        var wait = clock.NoteWait("the task handler of the state '" + StateName + "' (" + Resource + ") has not answered", call: true);
        if (Interlocked.CompareExchange(ref _callWait, wait, null) is not null)
        {
            wait.Dispose();
        }
    }

    private IDisposable? _callWait; // null: none yet; NoHold.Instance: released; otherwise the pending call's note

    /// <summary>The execution's clock when it is virtual, or null.</summary>
    internal Timing.VirtualTimeProvider? Clock { get; init; }

    private sealed class NoHold : IDisposable
    {
        public static readonly NoHold Instance = new();

        public void Dispose()
        {
        }
    }
}

/// <summary>
/// Resource ARN → handler. A key is an exact ARN or a pattern ending in <c>*</c> (prefix match); exact keys win,
/// then the longest matching prefix. <see cref="ForDefinition(string, Type)"/> gives the registrations of one definition (a generated
/// class's <c>RegisterHandlers</c> makes its own there), which its executions look up first.
/// </summary>
public sealed class TaskHandlerRegistry
{
    private readonly Dictionary<string, TaskHandler> _exact = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, TaskHandler>> _prefixes = [];
    private readonly TaskHandlerRegistry? _owner; // set on a definition's registry: the registry it belongs to
    private Dictionary<string, TaskHandlerRegistry>? _definitions; // by definition hash, on the registry itself only
    private Type? _class; // on a definition's registry: the generated class whose handlers it holds, once one registered

    /// <summary>Creates an empty registry.</summary>
    public TaskHandlerRegistry()
    {
    }

    private TaskHandlerRegistry(TaskHandlerRegistry owner) => _owner = owner;

    /// <summary>
    /// Registers a handler for an ARN or an ARN pattern ending in <c>*</c>, replacing the one registered for the same key.
    /// On the registry itself it also replaces what a definition's registry (<see cref="ForDefinition(string)"/>) holds for the
    /// key: the later registration wins for every execution.
    /// </summary>
    public TaskHandlerRegistry Register(string resource, TaskHandler handler)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(handler);
        lock (_exact)
        {
            Set(resource, handler);
            if (_definitions is not null)
            {
                foreach (var definition in _definitions.Values)
                {
                    lock (definition._exact)
                    {
                        definition.Set(resource, null);
                    }
                }
            }
        }

        return this;
    }

    /// <summary>Registers a synchronous handler.</summary>
    public TaskHandlerRegistry RegisterFunction(string resource, Func<JsonValue, JsonValue> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Register(resource, invocation => new ValueTask<JsonValue>(handler(invocation.Input)));
    }

    /// <summary>
    /// The registrations of one definition, by its hash (a generated class's <c>DefinitionHash</c>), created on first
    /// use. An execution of a program whose <see cref="Execution.StateMachineProgram.HandlerScope"/> is that hash looks up
    /// a resource there first, then on this registry; an execution of any other definition finds a handler registered
    /// only for a definition when one definition alone registered it (several make the task fail, naming them). So two
    /// generated classes that call the same resource each reach their own handler.
    /// </summary>
    /// <param name="definitionHash">The definition's hash.</param>
    /// <returns>The definition's registry (registering there affects only that definition's executions).</returns>
    /// <exception cref="InvalidOperationException">Called on a definition's registry.</exception>
    public TaskHandlerRegistry ForDefinition(string definitionHash)
    {
        ArgumentException.ThrowIfNullOrEmpty(definitionHash);
        if (_owner is not null)
        {
            throw new InvalidOperationException("A definition's registry has no definitions of its own: call ForDefinition on the registry itself.");
        }

        lock (_exact)
        {
            _definitions ??= new Dictionary<string, TaskHandlerRegistry>(StringComparer.Ordinal);
            if (!_definitions.TryGetValue(definitionHash, out var definition))
            {
                _definitions[definitionHash] = definition = new TaskHandlerRegistry(this);
            }

            return definition;
        }
    }

    /// <summary>
    /// <see cref="ForDefinition(string)"/> for the generated class <paramref name="generatedClass"/> (its
    /// <c>RegisterHandlers</c> calls this): two classes with the same definition have the same hash, so the second
    /// would silently replace the first's handlers for both; that is refused instead.
    /// </summary>
    /// <param name="definitionHash">The definition's hash.</param>
    /// <param name="generatedClass">The generated class registering its handlers.</param>
    /// <returns>The definition's registry.</returns>
    /// <exception cref="InvalidOperationException">Another class with the same definition registered its handlers here, or called on a definition's registry.</exception>
    public TaskHandlerRegistry ForDefinition(string definitionHash, Type generatedClass)
    {
        ArgumentNullException.ThrowIfNull(generatedClass);
        var definition = ForDefinition(definitionHash);
        lock (_exact)
        {
            // The same class loaded twice (another AssemblyLoadContext) is the same class here.
            if (definition._class is { } other && other.AssemblyQualifiedName != generatedClass.AssemblyQualifiedName)
            {
                throw new InvalidOperationException(
                    "The generated classes '" + other.FullName + "' and '" + generatedClass.FullName + "' have the same definition (DefinitionHash " +
                    definitionHash + "), so their handlers would share one registration: '" + generatedClass.FullName + "' would replace the handlers of '" +
                    other.FullName + "' for the executions of both. Make the definitions differ (a different Comment is enough), or register one class's handlers only.");
            }

            definition._class = generatedClass;
        }

        return definition;
    }

    /// <summary>Finds the handler registered for exactly <paramref name="resource"/> (no pattern).</summary>
    internal bool TryGetExact(string resource, [NotNullWhen(true)] out TaskHandler? handler) => TryGetExact(resource, null, out handler);

    /// <summary>Finds the handler for a resource.</summary>
    public bool TryGet(string resource, out TaskHandler? handler) => TryGet(resource, null, out handler);

    /// <summary>
    /// The handler registered for exactly <paramref name="resource"/> (no pattern) for an execution of the definition
    /// <paramref name="definitionHash"/> (null: of a definition without registrations of its own).
    /// </summary>
    internal bool TryGetExact(string resource, string? definitionHash, [NotNullWhen(true)] out TaskHandler? handler) =>
        (handler = Find(resource, definitionHash, exactOnly: true)) is not null;

    /// <summary>The handler for <paramref name="resource"/> for an execution of the definition <paramref name="definitionHash"/> (null: of one without registrations of its own).</summary>
    internal bool TryGet(string resource, string? definitionHash, [NotNullWhen(true)] out TaskHandler? handler) =>
        (handler = Find(resource, definitionHash, exactOnly: false)) is not null;

    /// <summary>
    /// The definitions (by hash) that registered a handler for <paramref name="resource"/>, when more than one did and
    /// neither <paramref name="definitionHash"/>'s registry nor the registry itself has one: the execution cannot tell
    /// which to call. Empty otherwise.
    /// </summary>
    internal IReadOnlyList<string> AmbiguousDefinitions(string resource, string? definitionHash)
    {
        if (Find(resource, definitionHash, exactOnly: false) is not null)
        {
            return [];
        }

        var found = new List<string>();
        InOneOtherDefinition(resource, definitionHash, exactOnly: false, found);
        return found.Count > 1 ? found : [];
    }

    private TaskHandler? Find(string resource, string? definitionHash, bool exactOnly)
    {
        if (definitionHash is not null && DefinitionOrNull(definitionHash)?.FindHere(resource, exactOnly) is { } own)
        {
            return own;
        }

        // Then the registry's own; then one registered for definitions only, taken when one definition alone has it.
        return FindHere(resource, exactOnly) ?? InOneOtherDefinition(resource, definitionHash, exactOnly, found: null);
    }

    /// <summary>
    /// The handler for <paramref name="resource"/> of the one definition other than <paramref name="exceptHash"/> that
    /// has one, or null when none or several do; <paramref name="found"/>, when given, receives the hash of each that
    /// does. The lock order is the registry's, then a definition's, as in <see cref="Register"/>.
    /// </summary>
    private TaskHandler? InOneOtherDefinition(string resource, string? exceptHash, bool exactOnly, List<string>? found)
    {
        TaskHandler? single = null;
        var count = 0;
        lock (_exact)
        {
            if (_definitions is null)
            {
                return null;
            }

            foreach (var (hash, definition) in _definitions)
            {
                if (hash != exceptHash && definition.FindHere(resource, exactOnly) is { } other)
                {
                    single = other;
                    found?.Add(hash);
                    if (++count > 1 && found is null)
                    {
                        return null;
                    }
                }
            }
        }

        return count == 1 ? single : null;
    }

    private TaskHandler? FindHere(string resource, bool exactOnly)
    {
        lock (_exact)
        {
            if (_exact.TryGetValue(resource, out var handler))
            {
                return handler;
            }

            if (!exactOnly)
            {
                foreach (var prefix in _prefixes)
                {
                    if (resource.StartsWith(prefix.Key, StringComparison.Ordinal))
                    {
                        return prefix.Value;
                    }
                }
            }
        }

        return null;
    }

    private TaskHandlerRegistry? DefinitionOrNull(string definitionHash)
    {
        lock (_exact)
        {
            return _definitions is not null && _definitions.TryGetValue(definitionHash, out var definition) ? definition : null;
        }
    }

    /// <summary>Sets (or, with a null handler, removes) the key's handler; the caller holds the lock.</summary>
    private void Set(string resource, TaskHandler? handler)
    {
        if (resource.EndsWith('*'))
        {
            _prefixes.RemoveAll(p => p.Key == resource[..^1]);
            if (handler is not null)
            {
                _prefixes.Add(new(resource[..^1], handler));
                _prefixes.Sort((a, b) => b.Key.Length.CompareTo(a.Key.Length));
            }
        }
        else if (handler is not null)
        {
            _exact[resource] = handler;
        }
        else
        {
            _exact.Remove(resource);
        }
    }
}
