using System;
using AslCompiler.Runtime.Execution;

namespace AslCompiler.Runtime.Api;

/// <summary>Where the in-process Step Functions lives (partition, region, account) and whose clock it reads.</summary>
public sealed class StepFunctionsOptions
{
    /// <summary>The ARN partition. Default <c>aws</c>.</summary>
    public string Partition { get; init; } = "aws";

    /// <summary>The region in ARNs. Default <c>us-east-1</c>.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The account id in ARNs. Default <c>123456789012</c>.</summary>
    public string AccountId { get; init; } = "123456789012";

    /// <summary>The clock for creation and update dates. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// How executions run: task handlers, mocks, limits, the execution role (<c>$$.Execution.RoleArn</c>). Its clock,
    /// partition, region and account are replaced by this instance's. Default: no task handlers.
    /// </summary>
    public ExecutionOptions? Execution { get; init; }

    /// <summary>
    /// Mocked task responses to pick per execution, as on AWS Step Functions Local: StartExecution and StartSyncExecution
    /// then take a state machine (version, alias) ARN ending in <c>#TestCase</c>, and that execution runs with the test
    /// case <c>StateMachines/&lt;state machine name&gt;/TestCases/TestCase</c> of this configuration in place of
    /// <see cref="ExecutionOptions.Mocks"/> (a name the configuration lacks is refused with ValidationException). The
    /// execution's ARN and DescribeExecution show the ARN without the suffix; the test case is kept with the execution
    /// (in <see cref="Store"/> too), so a resumed or redriven run takes it again. Null (the default): an ARN with
    /// <c>#</c> names no state machine (StateMachineDoesNotExist), as on AWS.
    /// </summary>
    public AslCompiler.Runtime.Tasks.MockConfiguration? MockConfiguration { get; init; }

    /// <summary>
    /// The test case of <see cref="MockConfiguration"/> that an execution started without <c>#TestCase</c> runs with when
    /// its state machine has one of that name (kept with the execution as a named one is); null, or a state machine
    /// without it: <see cref="ExecutionOptions.Mocks"/>.
    /// </summary>
    public string? DefaultTestCase { get; init; }

    /// <summary>
    /// Keeps EXPRESS executions inspectable through DescribeExecution, GetExecutionHistory and
    /// DescribeStateMachineForExecution, for local debugging. AWS refuses them (InvalidArn); default <see langword="false"/>.
    /// When set, an ended Express execution (with the Map Runs it started) is kept for
    /// <see cref="StandardExecutionRetention"/> after it stopped, as a Standard one is, in memory only, then answered
    /// ExecutionDoesNotExist, so a long-running instance does not grow without bound; when not, an ended one is dropped
    /// at once, since nothing can read it.
    /// </summary>
    public bool InspectExpressExecutions { get; init; }

    /// <summary>
    /// How long an ended STANDARD execution is kept after it closed (its last stop: a redrive starts the count again), as
    /// AWS keeps one for 90 days: then DescribeExecution, GetExecutionHistory and DescribeStateMachineForExecution answer
    /// ExecutionDoesNotExist, ListExecutions no longer lists it, its name can be used again, and it is removed with its
    /// history, journal, Map Runs and their child executions, in memory and in <see cref="Store"/>. Measured on
    /// <see cref="TimeProvider"/>. A RUNNING execution (a redriven one included) is never removed. Shorter than the 14
    /// days an execution stays redrivable, it also ends that period. Positive, or
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> to keep every execution for the life of the instance (and in
    /// the store for good). Default: 90 days. Express executions kept by <see cref="InspectExpressExecutions"/> are kept
    /// for as long after they stopped (there is no redrive for them), and removed from memory the same way.
    /// </summary>
    public TimeSpan StandardExecutionRetention { get; init; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Observers told of every execution's start, history events and end (hosting adds its logging, tracing and
    /// metrics observer here). Default: none.
    /// </summary>
    public System.Collections.Generic.IReadOnlyList<IExecutionObserver> Observers { get; init; } = [];

    /// <summary>
    /// Where state machines, versions, aliases, activities, Standard executions and their journals are kept durably
    /// (see docs/durability.md). Null (the default): everything lives in memory for the life of the instance. With a
    /// store, call <see cref="LocalStepFunctions.RecoverAsync(System.Threading.CancellationToken)"/> once before use to load what it holds and resume the
    /// RUNNING Standard executions, and <see cref="LocalStepFunctions.ShutdownAsync"/> to stop so they resume next time.
    /// Express executions never touch the store.
    /// </summary>
    public Store.IStepFunctionsStore? Store { get; init; }

    /// <summary>
    /// Who claims the executions this instance runs (<see cref="Store.IStepFunctionsStore.TryClaimAsync"/>); default: a new
    /// id per instance. Nodes sharing one store need distinct owners.
    /// </summary>
    public string? Owner { get; init; }

    /// <summary>How long a claim on an execution lasts before another owner may take it over. Default: 5 minutes.</summary>
    public TimeSpan ClaimLease { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long <see cref="LocalStepFunctions.ShutdownAsync"/> waits, in real time, for running executions to stop
    /// before it leaves the ones still running (work that ignores its cancellation: a handler that never returns)
    /// RUNNING and returns; its cancellation token ends the wait sooner. <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>:
    /// only the token bounds it (hosting passes the host's shutdown timeout so). Default: 10 seconds.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
