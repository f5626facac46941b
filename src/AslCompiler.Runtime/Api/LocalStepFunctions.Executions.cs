using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Api.Engine;
using AslCompiler.Runtime.Api.Validation;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Runtime.Api;

// The execution-side actions: every request is validated here, the work is the engine's (see IExecutionEngine).
public sealed partial class LocalStepFunctions
{
    private const string TypeNotSupportedMessage = "This operation is not supported by this type of state machine";

    /// <inheritdoc/>
    public Task<StartExecutionResponse> StartExecutionAsync(StartExecutionRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        var input = CheckExecutionStart(request.Name, request.Input);
        var target = ResolveStartTarget(request.StateMachineArn);
        return _engine.StartExecutionAsync(target, request, input, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<StartSyncExecutionResponse> StartSyncExecutionAsync(StartSyncExecutionRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        var input = CheckExecutionStart(request.Name, request.Input);
        var target = ResolveStartTarget(request.StateMachineArn);
        if (target.Type != StateMachineType.Express)
        {
            throw new StateMachineTypeNotSupportedException(TypeNotSupportedMessage);
        }

        return _engine.StartSyncExecutionAsync(target, request, input, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<StopExecutionResponse> StopExecutionAsync(StopExecutionRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        ParseArn(request.ExecutionArn, StepFunctionsResourceType.Execution);
        return _engine.StopExecutionAsync(request, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<DescribeExecutionResponse> DescribeExecutionAsync(DescribeExecutionRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        ParseInspectableExecutionArn(request.ExecutionArn);
        return _engine.DescribeExecutionAsync(request, cancellationToken);
    }

    /// <summary>
    /// Waits until the execution is no longer RUNNING, then describes it as <see cref="DescribeExecutionAsync"/> does. Not
    /// an AWS action (AWS clients poll DescribeExecution): for code that runs Standard executions in-process and wants
    /// their end without polling. An execution redriven meanwhile is waited for until that run ends too.
    /// </summary>
    /// <param name="executionArn">The execution (one DescribeExecution accepts).</param>
    /// <param name="cancellationToken">Stops the wait (not the execution).</param>
    /// <returns>The ended execution's description.</returns>
    /// <exception cref="InvalidArnException">The ARN is not an execution ARN.</exception>
    /// <exception cref="ExecutionDoesNotExistException">No such execution.</exception>
    public Task<DescribeExecutionResponse> WaitForExecutionAsync(string executionArn, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        ArgumentNullException.ThrowIfNull(executionArn);
        ParseInspectableExecutionArn(executionArn);
        return _engine.WaitForExecutionAsync(executionArn, cancellationToken);
    }

    /// <summary>
    /// Waits until the history of the execution has an event that <paramref name="match"/> accepts, and returns the first
    /// such event. Not an AWS action: for a test that must let an execution reach a point (its Wait entered, a callback's
    /// task scheduled, a Map iteration started) before it moves a virtual clock, sends a callback or stops the execution.
    /// The history is read again as it grows, every few milliseconds of real time, only its new events each time.
    /// </summary>
    /// <param name="executionArn">The execution (one GetExecutionHistory accepts).</param>
    /// <param name="match">Which event to wait for, e.g. <c>e =&gt; e.StateEnteredEventDetails?.Name == "Hold"</c>.</param>
    /// <param name="cancellationToken">Stops the wait (not the execution).</param>
    /// <returns>The first event that matches.</returns>
    /// <exception cref="InvalidOperationException">The execution is no longer RUNNING and its history has no such event.</exception>
    /// <exception cref="InvalidArnException">The ARN is not an execution ARN.</exception>
    /// <exception cref="ExecutionDoesNotExistException">No such execution.</exception>
    public async Task<HistoryEvent> WaitForHistoryEventAsync(string executionArn, Func<HistoryEvent, bool> match, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        ArgumentNullException.ThrowIfNull(executionArn);
        ArgumentNullException.ThrowIfNull(match);
        ParseInspectableExecutionArn(executionArn);
        var seen = 0L;
        var pause = 1;
        while (true)
        {
            // The status first: when the execution had ended, the history read after it is whole.
            var status = (await DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = executionArn }, cancellationToken).ConfigureAwait(false)).Status;
            var token = seen == 0 ? null : KernelExecutionEngine.HistoryTokenAfter(executionArn, seen);
            do
            {
                var page = await GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = executionArn, NextToken = token, MaxResults = 1000 }, cancellationToken).ConfigureAwait(false);
                foreach (var historyEvent in page.Events)
                {
                    if (match(historyEvent))
                    {
                        return historyEvent;
                    }

                    seen = historyEvent.Id;
                }

                token = page.NextToken;
            }
            while (token is not null);

            if (status != ExecutionStatus.Running)
            {
                throw new InvalidOperationException("The execution '" + executionArn + "' ended (" + WireName.Of(status) + ") and its history has no event that matches.");
            }

            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
            pause = Math.Min(pause * 2, 16);
        }
    }

    /// <inheritdoc/>
    public Task<DescribeStateMachineForExecutionResponse> DescribeStateMachineForExecutionAsync(DescribeStateMachineForExecutionRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        ParseInspectableExecutionArn(request.ExecutionArn);
        var described = _engine.DescribeStateMachineForExecutionAsync(request, cancellationToken);

        // includedData = METADATA_ONLY: "a successful response without the encrypted definition". The definition is a
        // required member, so it is {}, as DescribeStateMachine answers ("the returned definition will be {}").
        return request.IncludedData == IncludedData.MetadataOnly ? WithoutDefinitionAsync(described) : described;

        static async Task<DescribeStateMachineForExecutionResponse> WithoutDefinitionAsync(Task<DescribeStateMachineForExecutionResponse> described) =>
            (await described.ConfigureAwait(false)) with { Definition = MetadataOnlyDefinition };
    }

    /// <inheritdoc/>
    public Task<ListExecutionsResponse> ListExecutionsAsync(ListExecutionsRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        if ((request.StateMachineArn is null) == (request.MapRunArn is null))
        {
            throw new ValidationException("Must provide a StateMachine ARN or a MapRun ARN", ValidationExceptionReason.MissingRequiredParameter);
        }

        if (request.MapRunArn is not null)
        {
            ParseArn(request.MapRunArn, StepFunctionsResourceType.MapRun);
        }
        else
        {
            if (request.StatusFilter == ExecutionStatus.PendingRedrive)
            {
                throw new ValidationException("Cannot use status filter PENDING_REDRIVE with a StateMachine ARN: specify a MapRun ARN");
            }

            var target = ResolveTarget(request.StateMachineArn!, pickAliasVersion: false);
            if (target.Type != StateMachineType.Standard)
            {
                throw new StateMachineTypeNotSupportedException(TypeNotSupportedMessage);
            }
        }

        return _engine.ListExecutionsAsync(request, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<GetExecutionHistoryResponse> GetExecutionHistoryAsync(GetExecutionHistoryRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        ParseInspectableExecutionArn(request.ExecutionArn);
        return _engine.GetExecutionHistoryAsync(request, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<RedriveExecutionResponse> RedriveExecutionAsync(RedriveExecutionRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        ParseArn(request.ExecutionArn, StepFunctionsResourceType.Execution);
        return _engine.RedriveExecutionAsync(request, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<GetActivityTaskResponse> GetActivityTaskAsync(GetActivityTaskRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        RequireActivity(_store.Current, request.ActivityArn);
        return _engine.GetActivityTaskAsync(request, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<SendTaskSuccessResponse> SendTaskSuccessAsync(SendTaskSuccessRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        if (!JsonValue.TryParse(request.Output, out _, out var error))
        {
            throw new InvalidOutputException("Invalid Output: '" + JsonInputError.Describe(request.Output, error) + "'");
        }

        return _engine.SendTaskSuccessAsync(request, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<SendTaskFailureResponse> SendTaskFailureAsync(SendTaskFailureRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        return _engine.SendTaskFailureAsync(request, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<SendTaskHeartbeatResponse> SendTaskHeartbeatAsync(SendTaskHeartbeatRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        return _engine.SendTaskHeartbeatAsync(request, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<DescribeMapRunResponse> DescribeMapRunAsync(DescribeMapRunRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        ParseArn(request.MapRunArn, StepFunctionsResourceType.MapRun);
        return _engine.DescribeMapRunAsync(request, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<ListMapRunsResponse> ListMapRunsAsync(ListMapRunsRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        ParseArn(request.ExecutionArn, StepFunctionsResourceType.Execution);
        return _engine.ListMapRunsAsync(request, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<UpdateMapRunResponse> UpdateMapRunAsync(UpdateMapRunRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        ParseArn(request.MapRunArn, StepFunctionsResourceType.MapRun);
        if (request.MaxConcurrency is null && request.ToleratedFailureCount is null && request.ToleratedFailurePercentage is null)
        {
            throw new ValidationException("Must specify at least one of maxConcurrency, toleratedFailureCount or toleratedFailurePercentage", ValidationExceptionReason.MissingRequiredParameter);
        }

        return _engine.UpdateMapRunAsync(request, cancellationToken);
    }

    /// <inheritdoc/>
    public Task<TestStateResponse> TestStateAsync(TestStateRequest request, CancellationToken cancellationToken = default)
    {
        Cancelled(cancellationToken);
        RequestConstraints.Check(request);
        CheckRoleArn(request.RoleArn);
        if (!JsonValue.TryParse(request.Definition, out var definition, out _) || definition.Kind != JsonKind.Object)
        {
            if (definition.IsUndefined)
            {
                // Not JSON: worded as CreateStateMachine words it (INVALID_JSON_DESCRIPTION, Jackson's message).
                _validator.ThrowIfInvalid(request.Definition, StateMachineType.Standard);
            }

            throw new InvalidDefinitionException("Invalid State Machine Definition: 'Definition must be a valid JSON object'");
        }

        if (request.Input is not null)
        {
            CheckInput(request.Input);
        }

        if (request.Variables is not null && !JsonValue.TryParse(request.Variables, out _, out var variablesError))
        {
            // Worded as the input's error is (Jackson's message), not as .NET's reader words it.
            throw new InvalidExecutionInputException("Invalid variables: '" + JsonInputError.Describe(request.Variables, variablesError) + "'");
        }

        return _engine.TestStateAsync(request, cancellationToken);
    }

    /// <summary>
    /// An execution ARN; express ones too when <see cref="StepFunctionsOptions.InspectExpressExecutions"/> keeps them
    /// inspectable, and always an EXPRESS child workflow execution of a Map Run (<c>...:express:Machine/Label:...</c>),
    /// which AWS lets be described.
    /// </summary>
    private void ParseInspectableExecutionArn(string arn)
    {
        if (_inspectExpress || (StepFunctionsArn.TryParse(arn, out var parsed, out _) && parsed.ResourceType == StepFunctionsResourceType.ExpressExecution && parsed.MapLabel is not null))
        {
            ParseArn(arn, StepFunctionsResourceType.Execution, StepFunctionsResourceType.ExpressExecution);
        }
        else
        {
            ParseArn(arn, StepFunctionsResourceType.Execution);
        }
    }

    /// <summary>Checks a start's name and input; returns the input parsed (undefined when there is none), so the run need not parse it again.</summary>
    internal static JsonValue CheckExecutionStart(string? name, string? input)
    {
        if (name is not null)
        {
            CheckName(name);
        }

        return input is null ? default : CheckInput(input);
    }

    private static JsonValue CheckInput(string input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            throw new InvalidExecutionInputException("Invalid State Machine Execution Input: 'Invalid execution input.'");
        }

        if (!JsonValue.TryParse(input, out var parsed, out var error))
        {
            throw new InvalidExecutionInputException("Invalid State Machine Execution Input: '" + JsonInputError.Describe(input, error) + "'");
        }

        return parsed;
    }

    /// <summary>
    /// <see cref="ResolveTarget"/> for StartExecution and StartSyncExecution: with a <see cref="StepFunctionsOptions.MockConfiguration"/>,
    /// an ARN may end in <c>#TestCase</c> (as on Step Functions Local), and the execution runs with that test case of
    /// the state machine's name; without one, with the state machine's <see cref="StepFunctionsOptions.DefaultTestCase"/>.
    /// </summary>
    private ExecutionTarget ResolveStartTarget(string stateMachineArn)
    {
        var hash = _mockConfiguration is null ? -1 : stateMachineArn.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0 || hash == stateMachineArn.Length - 1)
        {
            var plain = ResolveTarget(stateMachineArn);
            return _defaultTestCase is { } name && _mockConfiguration is { } configuration && configuration.HasTestCase(plain.StateMachineName, name)
                ? WithTestCase(plain, name)
                : plain;
        }

        return WithTestCase(ResolveTarget(stateMachineArn[..hash]), stateMachineArn[(hash + 1)..]);
    }

    private ExecutionTarget WithTestCase(ExecutionTarget target, string testCase) =>
        target with { TestCase = testCase, Mocks = TestCaseMocks(target.StateMachineName, testCase, resumed: false) };

    /// <summary>
    /// The mocked responses of <paramref name="testCase"/> for the state machine <paramref name="stateMachineName"/>. A
    /// start that names a test case the configuration does not have is refused (ValidationException); a resumed
    /// execution whose test case is gone (the process restarted with another configuration, or none) keeps its name with
    /// no responses, so its tasks call handlers, and a task with none fails naming the test case.
    /// </summary>
    internal MockTestCase TestCaseMocks(string stateMachineName, string testCase, bool resumed)
    {
        if (_mockConfiguration is { } configuration)
        {
            try
            {
                return configuration.GetTestCase(stateMachineName, testCase);
            }
            catch (FormatException e) when (!resumed)
            {
                throw new ValidationException("Mock configuration: " + e.Message);
            }
            catch (FormatException)
            {
                // resumed: as with no configuration, below
            }
        }

        return new MockTestCase(testCase, new Dictionary<string, MockedResponse>(StringComparer.Ordinal));
    }

    /// <summary>Resolves a state machine, version or alias ARN to what an execution runs (an alias picks a version by weight).</summary>
    internal ExecutionTarget ResolveTarget(string stateMachineArn, bool pickAliasVersion = true)
    {
        var state = _store.Current;

        // The common case, a state machine's own ARN as it was created: found without parsing it (a parse splits the
        // text, a measurable part of a short execution's StartSyncExecution). Anything else is parsed and checked.
        StepFunctionsArn? arn = null;
        if (!state.StateMachines.TryGetValue(stateMachineArn, out var machine))
        {
            arn = ParseArn(stateMachineArn, StepFunctionsResourceType.StateMachine, StepFunctionsResourceType.StateMachineVersion, StepFunctionsResourceType.StateMachineAlias);
            if (!state.StateMachines.TryGetValue(arn.StateMachineArn!, out machine))
            {
                throw StateMachineMissing(stateMachineArn);
            }
        }

        if (machine.Status == StateMachineStatus.Deleting)
        {
            throw StateMachineDeleting(machine.Arn);
        }

        var target = new ExecutionTarget
        {
            StateMachineArn = machine.Arn,
            StateMachineName = machine.Name,
            Definition = machine.Definition,
            RoleArn = machine.RoleArn,
            Type = machine.Type,
            RevisionId = machine.RevisionId,
        };
        string? versionArn = null;
        if (arn is null)
        {
            return target;
        }

        if (arn.ResourceType == StepFunctionsResourceType.StateMachineAlias)
        {
            if (!machine.Aliases.TryGetValue(arn.AliasName!, out var alias))
            {
                throw StateMachineMissing(stateMachineArn);
            }

            target = target with { StateMachineAliasArn = alias.Arn };
            if (!pickAliasVersion)
            {
                return target;
            }

            versionArn = PickVersion(alias);
        }
        else if (arn.ResourceType == StepFunctionsResourceType.StateMachineVersion)
        {
            versionArn = stateMachineArn;
        }

        if (versionArn is null)
        {
            return target;
        }

        var number = StepFunctionsArn.Parse(versionArn).Version!.Value;
        if (!machine.Versions.TryGetValue(number, out var version))
        {
            throw StateMachineMissing(versionArn);
        }

        return target with
        {
            StateMachineVersionArn = version.Arn,
            Definition = version.Definition,
            RoleArn = version.RoleArn,
            RevisionId = version.RevisionId,
        };
    }
}
