using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Api.Engine;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Api.Validation;

namespace AslCompiler.Runtime.Api;

/// <summary>
/// The Step Functions API in-process. State machines, versions, aliases, activities and tags live in memory, and in
/// <see cref="StepFunctionsOptions.Store"/> when one is given (Standard executions are then durable: see
/// <see cref="RecoverAsync(System.Threading.CancellationToken)"/>, <see cref="ShutdownAsync"/> and docs/durability.md); executions run on the execution
/// kernel (<see cref="StepFunctionsOptions.Execution"/> gives it task handlers and mocks). Thread-safe.
/// </summary>
public sealed partial class LocalStepFunctions : IStepFunctions
{
    private const int DefaultPageSize = 100;
    private const int MaxTagsPerResource = 50;
    private const int MaxAliasesPerStateMachine = 100;
    private const int MaxVersionsPerStateMachine = 1000;

    private readonly IResourceStore _store;
    private readonly IStepFunctionsStore? _durableStore;
    private readonly IExecutionEngine _engine;
    private readonly IDefinitionValidator _validator;
    private readonly TimeProvider _time;
    private readonly bool _inspectExpress;
    private readonly Tasks.MockConfiguration? _mockConfiguration;
    private readonly string? _defaultTestCase;

    /// <summary>Creates an empty in-process Step Functions.</summary>
    /// <param name="options">Partition, region, account and clock; defaults when <see langword="null"/>.</param>
    public LocalStepFunctions(StepFunctionsOptions? options = null)
        : this(options ?? new StepFunctionsOptions(), ResourceStoreFor(options), null, AslDefinitionValidator.Instance)
    {
    }

    // engine: null runs executions on the execution kernel.
    internal LocalStepFunctions(StepFunctionsOptions options, IResourceStore store, IExecutionEngine? engine, IDefinitionValidator validator)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.StandardExecutionRetention <= TimeSpan.Zero && options.StandardExecutionRetention != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options),
                options.StandardExecutionRetention,
                "StandardExecutionRetention must be positive, or Timeout.InfiniteTimeSpan to keep ended executions for good.");
        }

        Arns = new StepFunctionsArnFormatter(options.Partition, options.Region, options.AccountId);
        _time = options.TimeProvider ?? TimeProvider.System;
        _store = store;
        _durableStore = options.Store;
        _inspectExpress = options.InspectExpressExecutions;
        _mockConfiguration = options.MockConfiguration;
        _defaultTestCase = options.DefaultTestCase;
        _engine = engine ?? new KernelExecutionEngine(this, options);
        _validator = validator;
    }

    /// <summary>
    /// Loads what <see cref="StepFunctionsOptions.Store"/> holds — state machines, versions, aliases, activities, tags and
    /// every execution — and resumes each RUNNING Standard execution from its last committed transition (claiming it
    /// first; one another owner holds is left alone). Completes once the resumed executions are running again, their
    /// pending task tokens registered, so callbacks sent after it succeed. Without a store it does nothing. Call it
    /// once, before other actions.
    /// </summary>
    /// <param name="cancellationToken">Cancels the recovery.</param>
    /// <returns>How many executions it resumed (those another owner holds and those whose definition no longer compiles, failed at once, not counted).</returns>
    public Task<int> RecoverAsync(CancellationToken cancellationToken = default) => RecoverAsync(null, cancellationToken);

    /// <summary>
    /// <see cref="RecoverAsync(CancellationToken)"/> that resumes only the RUNNING Standard executions whose ARN
    /// <paramref name="resume"/> accepts (null: all). The others are loaded as the store holds them, RUNNING and not
    /// claimed, for their own owner or a later recovery: <c>asl run --store</c> resumes only its own execution, so its
    /// virtual clock never runs another execution's Waits.
    /// </summary>
    /// <param name="resume">Which executions to resume, by execution ARN; null for all.</param>
    /// <param name="cancellationToken">Cancels the recovery.</param>
    /// <returns>How many executions it resumed, once they are running again.</returns>
    public async Task<int> RecoverAsync(Func<string, bool>? resume, CancellationToken cancellationToken = default)
    {
        var resumed = 0;
        if (_store is PersistentResourceStore persistent && _durableStore is { } store)
        {
            var json = await store.LoadResourcesAsync(cancellationToken).ConfigureAwait(false);
            if (json is not null)
            {
                persistent.Load(PersistentResourceStore.Deserialize(json));
            }
        }

        if (_engine is KernelExecutionEngine kernel)
        {
            resumed = await kernel.RecoverAsync(resume, cancellationToken).ConfigureAwait(false);
        }

        // A deletion the store kept DELETING with no execution left running (its last one ended, or none was running,
        // just before the process stopped) ends now.
        foreach (var machine in _store.Current.StateMachines.Values)
        {
            if (machine.Status == StateMachineStatus.Deleting)
            {
                CompleteDeletionIfIdle(machine.Arn);
            }
        }

        return resumed;
    }

    /// <summary>
    /// Stops every running execution where it is WITHOUT ending it: Standard executions stay RUNNING in the store and
    /// resume from their last committed transition on the next <see cref="RecoverAsync(System.Threading.CancellationToken)"/> (a handler call that was in
    /// flight runs again then, with the same idempotency key). Waits for the executions to stop, for at most
    /// <see cref="StepFunctionsOptions.ShutdownTimeout"/> (real time) and until <paramref name="cancellationToken"/> is
    /// cancelled; an execution whose run is still held then (a task handler that blocks its thread and never returns, a
    /// store that never answers) is left behind as it is, RUNNING, and nothing it does later reaches the store, its
    /// history or the observers. The shutdown then completes; it does not throw for its token. The instance starts no
    /// more work afterwards.
    /// </summary>
    /// <param name="cancellationToken">Ends the wait for running executions (a host's shutdown timeout); the shutdown still completes.</param>
    public Task ShutdownAsync(CancellationToken cancellationToken = default) =>
        _engine is KernelExecutionEngine kernel ? kernel.ShutdownAsync(cancellationToken) : Task.CompletedTask;

    /// <summary>Completes once every run this instance launched has ended, abandoned ones included (for tests).</summary>
    internal Task RunsEndedAsync() => _engine is KernelExecutionEngine kernel ? kernel.RunsEndedAsync() : Task.CompletedTask;

    /// <summary>Completes once the current run of an execution has ended, its end recorded (for tests).</summary>
    internal Task RunsEndedAsync(string executionArn) => _engine is KernelExecutionEngine kernel ? kernel.RunEndedAsync(executionArn) : Task.CompletedTask;

    /// <summary>Completes once the removals of expired executions from the store begun so far have ended (for tests).</summary>
    internal Task RemovalsEndedAsync() => _engine is KernelExecutionEngine kernel ? kernel.RemovalsEndedAsync() : Task.CompletedTask;

    /// <summary>The kernel engine, when this instance runs on it (tests reach its hooks and counts).</summary>
    internal KernelExecutionEngine? KernelEngine => _engine as KernelExecutionEngine;

    /// <summary>What the engine holds of the executions it ran (tests of what it drops).</summary>
    internal KeptRecords KeptRecords() => _engine is KernelExecutionEngine kernel ? kernel.KeptRecords() : default;

    private static IResourceStore ResourceStoreFor(StepFunctionsOptions? options) =>
        options?.Store is { } store ? new PersistentResourceStore(store) : new InMemoryResourceStore();

    /// <summary>The ARNs of this instance's partition, region and account.</summary>
    public StepFunctionsArnFormatter Arns { get; }

    /// <summary>Randomness for alias routing (weights are honoured statistically).</summary>
    internal Random Random { get; init; } = Random.Shared;

    private DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>The current resource snapshot (for the engine).</summary>
    internal ResourceState CurrentState => _store.Current;

    private static Task<T> Done<T>(T value) => Task.FromResult(value);

    private static void CheckName(string name)
    {
        if (!StepFunctionsNames.IsValid(name))
        {
            throw new InvalidNameException(StepFunctionsNames.InvalidNameMessage(name));
        }
    }

    /// <summary>
    /// A role ARN must at least be an ARN (<c>arn:partition:service:region:account:resource</c>), as AWS checks before
    /// it looks the role up: <c>InvalidArn</c> with AWS's wording otherwise. Which role it names is not checked here.
    /// </summary>
    private static void CheckRoleArn(string? roleArn)
    {
        if (roleArn is null)
        {
            return;
        }

        var parts = roleArn.Split(':', 6);
        if (parts.Length < 6 || parts[0] != "arn" || parts[1].Length == 0 || parts[2].Length == 0 || parts[5].Length == 0)
        {
            throw new InvalidArnException(StepFunctionsArn.InvalidArnMessage("Invalid ARN prefix: " + roleArn));
        }
    }

    /// <summary>Parses an ARN and requires one of the given resource types.</summary>
    private static StepFunctionsArn ParseArn(string arn, params StepFunctionsResourceType[] allowed)
    {
        var parsed = StepFunctionsArn.Parse(arn);
        if (Array.IndexOf(allowed, parsed.ResourceType) < 0)
        {
            throw new InvalidArnException(StepFunctionsArn.InvalidArnMessage("Resource type not valid in this context: " + WireTypeName(parsed.ResourceType)));
        }

        if (parsed.ResourceType == StepFunctionsResourceType.StateMachine && parsed.Name.Contains('/', StringComparison.Ordinal))
        {
            // stateMachine:Name/label, a Distributed Map state's ARN (its Map Run's child executions run it): "If you
            // provide a qualified state machine ARN that refers to a Distributed Map state, the request fails with
            // ValidationException."
            throw UnqualifiedArnRequired(arn);
        }

        return parsed;
    }

    /// <summary>The refusal of a qualified state machine ARN (a version's, an alias's or a Distributed Map state's) where only the state machine's own is taken.</summary>
    internal static ValidationException UnqualifiedArnRequired(string arn) =>
        new("Unsupported state machine ARN: '" + arn + "'. Use the unqualified state machine ARN.", ValidationExceptionReason.ApiDoesNotSupportLabeledArns);

    private static string WireTypeName(StepFunctionsResourceType type) => type switch
    {
        StepFunctionsResourceType.ExpressExecution => "express",
        StepFunctionsResourceType.Execution => "execution",
        StepFunctionsResourceType.Activity => "activity",
        StepFunctionsResourceType.MapRun => "mapRun",
        _ => "stateMachine",
    };

    internal static StateMachineDoesNotExistException StateMachineMissing(string arn) => new("State Machine Does Not Exist: '" + arn + "'");

    /// <summary>
    /// The refusal of an action on a state machine that is DELETING (it goes once its running executions end): the one
    /// place the sentence is written, for every action that meets the deletion.
    /// </summary>
    internal static StateMachineDeletingException StateMachineDeleting(string arn) => new("State machine is being deleted: '" + arn + "'");

    private static StateMachineRecord RequireStateMachine(ResourceState state, string arn)
    {
        return state.StateMachines.TryGetValue(arn, out var machine) ? machine : throw StateMachineMissing(arn);
    }

    private static void CheckConfiguration(LoggingConfiguration? logging, EncryptionConfiguration? encryption)
    {
        if (logging is not null)
        {
            var level = logging.Level ?? LogLevel.Off;
            var destinations = logging.Destinations ?? [];
            if (destinations.Count > 1 || (level != LogLevel.Off && destinations.Count != 1))
            {
                throw new InvalidLoggingConfigurationException("Invalid Logging Configuration: Must specify exactly one Log Destination.");
            }

            foreach (var destination in destinations)
            {
                var arn = destination?.CloudWatchLogsLogGroup?.LogGroupArn;
                if (arn is null || !arn.StartsWith("arn:", StringComparison.Ordinal) || !arn.Contains(":logs:", StringComparison.Ordinal) || !arn.Contains(":log-group:", StringComparison.Ordinal))
                {
                    throw new InvalidLoggingConfigurationException("Invalid Logging Configuration: Log Destination not a valid CloudWatch Logs log group ARN: '" + arn + "'");
                }
            }
        }

        if (encryption is not null)
        {
            if (encryption.Type == EncryptionType.CustomerManagedKmsKey && string.IsNullOrEmpty(encryption.KmsKeyId))
            {
                throw new InvalidEncryptionConfigurationException("Invalid Encryption Configuration: kmsKeyId is required when type is CUSTOMER_MANAGED_KMS_KEY.");
            }

            if (encryption.Type == EncryptionType.AwsOwnedKey && (encryption.KmsKeyId is not null || encryption.KmsDataKeyReusePeriodSeconds is not null))
            {
                throw new InvalidEncryptionConfigurationException("Invalid Encryption Configuration: kmsKeyId and kmsDataKeyReusePeriodSeconds can only be set when type is CUSTOMER_MANAGED_KMS_KEY.");
            }

            if (encryption.KmsDataKeyReusePeriodSeconds is { } seconds && seconds is < 60 or > 900)
            {
                throw new InvalidEncryptionConfigurationException("Invalid Encryption Configuration: kmsDataKeyReusePeriodSeconds must be between 60 and 900.");
            }
        }
    }

    private static ImmutableList<Tag> MergeTags(ImmutableList<Tag> existing, IReadOnlyList<Tag>? added, string resourceArn)
    {
        if (added is null || added.Count == 0)
        {
            return existing;
        }

        var result = existing;
        foreach (var tag in added)
        {
            var index = result.FindIndex(t => t.Key == tag.Key);
            result = index >= 0 ? result.SetItem(index, tag) : result.Add(tag);
        }

        if (result.Count > MaxTagsPerResource)
        {
            throw new TooManyTagsException("Too many tags: a resource can have at most " + MaxTagsPerResource + " tags.", resourceArn);
        }

        return result;
    }

    private static int PageSize(int? maxResults) => maxResults is null or 0 ? DefaultPageSize : maxResults.Value;

    private static bool SameLogging(LoggingConfiguration? a, LoggingConfiguration? b)
    {
        static string Key(LoggingConfiguration? c) =>
            (c?.Level ?? LogLevel.Off) + "|" + (c?.IncludeExecutionData ?? false) + "|" + string.Join(",", (c?.Destinations ?? []).Select(d => d?.CloudWatchLogsLogGroup?.LogGroupArn));
        return Key(a) == Key(b);
    }

    private static bool SameTracing(TracingConfiguration? a, TracingConfiguration? b) => (a?.Enabled ?? false) == (b?.Enabled ?? false);

    private static bool SameEncryption(EncryptionConfiguration? a, EncryptionConfiguration? b) =>
        (a ?? DefaultEncryption) == (b ?? DefaultEncryption);

    private static readonly EncryptionConfiguration DefaultEncryption = new() { Type = EncryptionType.AwsOwnedKey };

    private static LoggingConfiguration Normalize(LoggingConfiguration? logging) =>
        new() { Level = logging?.Level ?? LogLevel.Off, IncludeExecutionData = logging?.IncludeExecutionData ?? false, Destinations = logging?.Destinations ?? [] };

    private static TracingConfiguration Normalize(TracingConfiguration? tracing) => new() { Enabled = tracing?.Enabled ?? false };

    private static EncryptionConfiguration Normalize(EncryptionConfiguration? encryption) => encryption ?? DefaultEncryption;

    private static void Cancelled(CancellationToken cancellationToken) => cancellationToken.ThrowIfCancellationRequested();
}
