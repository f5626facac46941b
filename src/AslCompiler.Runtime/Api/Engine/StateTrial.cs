using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;
using AslCompiler.Runtime.Tasks;
using JsonValue = AslCompiler.Runtime.Json.JsonValue;
using KernelStatus = AslCompiler.Runtime.Execution.ExecutionStatus;

namespace AslCompiler.Runtime.Api.Engine;

/// <summary>
/// One TestState run: evaluates the state's fields in the kernel's order on a frame seeded with the request's
/// variables and context object, and records each intermediate value for the inspection data.
/// </summary>
internal sealed class StateTrial
{
    private const string ThresholdError = "States.ExceedToleratedFailureThreshold";

    private readonly StateMachineProgram _machine;
    private readonly StateProgram _state;
    private readonly JsonObject _definition;
    private readonly TestStateRequest _request;
    private readonly StepFunctionsOptions _options;
    private readonly JsonValue _input;
    private readonly MockedOutcome? _mock;
    private readonly bool _jsonata;
    private readonly StateFrame _frame;
    private readonly TrialInspection _inspection = new();
    private readonly int _maxPayloadBytes;

    public StateTrial(StateMachineProgram machine, StateProgram state, JsonObject definition, TestStateRequest request, StepFunctionsOptions options, JsonValue input, JsonValue variables, JsonValue context, MockedOutcome? mock, string? queryLanguage)
    {
        _machine = machine;
        _state = state;
        _definition = definition;
        _request = request;
        _options = options;
        _input = input;
        _mock = mock;
        _jsonata = string.Equals(queryLanguage, "JSONata", StringComparison.Ordinal);
        var execution = options.Execution ?? new ExecutionOptions();
        _maxPayloadBytes = execution.MaxPayloadBytes;
        var kernel = new ExecutionKernel(new ExecutionOptions
        {
            TimeProvider = execution.TimeProvider,
            MaxPayloadBytes = execution.MaxPayloadBytes,
            Partition = options.Partition,
            Region = options.Region,
            AccountId = options.AccountId,
            RoleArn = request.RoleArn ?? execution.RoleArn,
        });
        var run = new ExecutionRun(kernel, machine, input, new ExecutionRequest { StateMachineName = "TestStateMachine", Type = AslCompiler.Language.Model.ExecutionType.Express, RecordHistory = false });
        var scope = new VariableScope();
        if (!variables.IsUndefined)
        {
            scope.AssignAll(variables);
        }

        _frame = new StateFrame(run, scope, record: false, lastEventId: 0);
        _frame.Enter(state, input, execution.TimeProvider.GetUtcNow());
        _frame.ContextOverride = context;
        if (request.StateConfiguration?.RetrierRetryCount is { } retries)
        {
            _frame.SetRetryCount(retries);
        }
    }

    public async Task<TrialOutcome> RunAsync(CancellationToken cancellationToken)
    {
        _inspection.Input = _input;
        var step = _state switch
        {
            PassProgram pass => RunPass(pass),
            ChoiceProgram choice => RunChoice(choice),
            SucceedProgram succeed => RunSucceed(succeed),
            FailProgram fail => RunFail(fail),
            WaitProgram wait => RunWait(wait),
            TaskProgram task => await RunTaskAsync(task, cancellationToken).ConfigureAwait(false),
            MapProgram map => RunMap(map),
            ParallelProgram parallel => RunParallel(parallel),
            _ => Step.Fail(StatesErrors.Runtime, "The state type " + _state.Type + " cannot be tested."),
        };

        // The output is checked against the payload limit as an execution checks it (a Pass doubling its input passed).
        if (!step.Failed && PayloadSize.Refuses(step.Output, _maxPayloadBytes))
        {
            step = Step.Fail(StatesErrors.DataLimitExceeded, ExecutionRun.ResultRefused(_state.Name, step.Output));
        }

        if (step.Failed && _state is TaskProgram or MapProgram or ParallelProgram && step.Error != StatesErrors.Runtime)
        {
            return Recover(step);
        }

        if (step.Failed)
        {
            return new TrialOutcome(TestExecutionStatus.Failed, default, null, step.Error, step.Cause, _inspection, _frame.Variables);
        }

        return new TrialOutcome(TestExecutionStatus.Succeeded, step.Output, step.Next, null, null, _inspection, _frame.Variables);
    }

    private Step RunPass(PassProgram pass)
    {
        var raw = _input;
        if (!Evaluate(pass.InputPath, raw, out var effective, out var failure))
        {
            return failure;
        }

        JsonValue result;
        if (!pass.Result.IsUndefined)
        {
            // AWS reports a fixed Result as the state's result, not as a filtered input.
            result = pass.Result;
            JsonPathOnly(() => _inspection.Result = result);
        }
        else
        {
            JsonPathOnly(() => _inspection.AfterInputPath = effective);
            if (!Evaluate(pass.Parameters, effective, out result, out failure))
            {
                return failure;
            }

            JsonPathOnly(() => _inspection.AfterParameters = result);
        }

        JsonPathOnly(() => _inspection.AfterResultSelector = result);
        return Complete(pass.ResultPath, raw, result, pass.NextName);
    }

    private Step RunChoice(ChoiceProgram choice)
    {
        var raw = _input;
        if (!Evaluate(choice.InputPath, raw, out var effective, out var failure))
        {
            return failure;
        }

        JsonPathOnly(() => _inspection.AfterInputPath = effective);
        foreach (var branch in choice.Choices)
        {
            var matched = branch.Condition(effective, _frame);
            if (!matched.IsSuccess)
            {
                return Step.Fail(matched.Error, matched.Cause);
            }

            if (matched.Value.IsTrue)
            {
                return CompleteChoice(choice, branch.Assign ?? choice.Assign, branch.Output, raw, effective, branch.NextName);
            }
        }

        if (choice.DefaultName is not null)
        {
            return CompleteChoice(choice, choice.Assign, choice.Output, raw, effective, choice.DefaultName);
        }

        return Step.Fail(StatesErrors.NoChoiceMatched, "No Matches!");
    }

    private Step CompleteChoice(ChoiceProgram choice, ResultCombiner? assign, ResultCombiner? output, JsonValue raw, JsonValue effective, string next)
    {
        JsonValue assigned = default;
        if (assign is not null && !Combine(assign, raw, effective, out assigned, out var failure))
        {
            return failure;
        }

        var value = effective;
        if (output is not null && !Combine(output, raw, effective, out value, out failure))
        {
            return failure;
        }

        if (!Evaluate(choice.OutputPath, value, out value, out failure))
        {
            return failure;
        }

        Assign(assigned);
        return Step.Success(value, next);
    }

    private Step RunSucceed(SucceedProgram succeed)
    {
        if (!Evaluate(succeed.InputPath, _input, out var effective, out var failure))
        {
            return failure;
        }

        JsonPathOnly(() => _inspection.AfterInputPath = effective);
        return Complete(succeed.Output, _input, effective, null, recordResultPath: false);
    }

    private Step RunFail(FailProgram fail)
    {
        JsonPathOnly(() => _inspection.AfterInputPath = _input);
        string? error = null;
        string? cause = null;
        if (fail.Error is { } errorExpression)
        {
            var r = errorExpression(_input, _frame);
            if (!r.IsSuccess)
            {
                // As an execution words it: a path that names nothing says so (a user trial found the path engine's words).
                return Step.Fail(r.Error, r.Error == StatesErrors.Runtime ? ExecutionRun.FailFieldFailureCause(r, fail.ErrorPath, "ErrorPath", _input, _frame) : r.Cause);
            }

            if (ExecutionRun.FailFieldText(r.Value, fail.ErrorPath, "ErrorPath", out error) is { } problem)
            {
                return Step.Fail(StatesErrors.Runtime, problem);
            }
        }

        if (fail.Cause is { } causeExpression)
        {
            var r = causeExpression(_input, _frame);
            if (!r.IsSuccess)
            {
                // As an execution words it: a path that names nothing says so (a user trial found the path engine's words).
                return Step.Fail(r.Error, r.Error == StatesErrors.Runtime ? ExecutionRun.FailFieldFailureCause(r, fail.CausePath, "CausePath", _input, _frame) : r.Cause);
            }

            if (ExecutionRun.FailFieldText(r.Value, fail.CausePath, "CausePath", out cause) is { } problem)
            {
                return Step.Fail(StatesErrors.Runtime, problem);
            }
        }

        return Step.Fail(error, cause);
    }

    private Step RunWait(WaitProgram wait)
    {
        if (!Evaluate(wait.InputPath, _input, out var effective, out var failure))
        {
            return failure;
        }

        JsonPathOnly(() => _inspection.AfterInputPath = effective);

        // TestState does not wait; the target is still evaluated and checked, so a bad one fails as in an execution
        // (a user trial found SecondsPath "abc", -5 and a timestamp that is none passing here).
        var target = wait.Wait(effective, _frame);
        if (!target.IsSuccess)
        {
            var failed = ExecutionRun.WaitTargetFailure(wait, target);
            return Step.Fail(failed.Error, failed.Cause);
        }

        if (!ExecutionRun.TryGetWaitDue(wait, target.Value, DateTimeOffset.UnixEpoch, out _, out var problem))
        {
            return Step.Fail(StatesErrors.Runtime, problem);
        }

        return Complete(wait.Output, _input, effective, wait.NextName, recordResultPath: false);
    }

    private async Task<Step> RunTaskAsync(TaskProgram task, CancellationToken cancellationToken)
    {
        var raw = _input;
        if (!Evaluate(task.InputPath, raw, out var effective, out var failure))
        {
            return failure;
        }

        JsonPathOnly(() => _inspection.AfterInputPath = effective);
        if (!Evaluate(task.Parameters, effective, out var parameters, out failure))
        {
            return failure;
        }

        if (_jsonata)
        {
            if (task.Parameters is not null)
            {
                _inspection.AfterArguments = parameters;
            }
        }
        else
        {
            _inspection.AfterParameters = parameters;
        }

        // The timeouts are evaluated as an execution evaluates them, mocked or not (a user trial found a
        // TimeoutSecondsPath that names nothing passing here and failing in a run).
        if (!ExecutionRun.TryGetTaskTimeouts(task, raw, _frame, out var timeoutSeconds, out _, out var timeoutFailure))
        {
            return Step.Fail(timeoutFailure.Error, timeoutFailure.Cause);
        }

        // Credentials and the effective input's size are checked by the execution's code, mocked or not (a user trial
        // found a "RoleArn.$" naming nothing and Parameters past the payload limit passing here and failing in a run).
        if (!ExecutionRun.TryGetTaskCredentials(task, effective, _frame, out _, out var credentialsFailure))
        {
            return Step.Fail(credentialsFailure.Error, credentialsFailure.Cause);
        }

        if (ExecutionRun.TaskInputRefused(task, parameters, _maxPayloadBytes) is { } refused)
        {
            // Not the task's own failure: States.ALL does not catch it, as in an execution. The refused input is not
            // reported: the reference caps afterParameters/afterArguments at 262,144 characters.
            _inspection.AfterParameters = default;
            _inspection.AfterArguments = default;
            return Step.Fail(refused.Error, refused.Cause);
        }

        var traced = _request.InspectionLevel == InspectionLevel.Trace && task.Resource == HttpTask.Resource;
        HttpTaskExchange? exchange = null;
        var answer = _mock ?? await InvokeAsync(task, parameters, task.TimeoutSeconds is null ? null : timeoutSeconds, traced ? e => exchange = e : null, cancellationToken).ConfigureAwait(false);
        if (traced)
        {
            // The built-in handler reports what it sent and got; a mock or a registered handler leaves the request the
            // arguments describe (built by the same code) and the response its result describes.
            var sent = exchange is null ? null : (_request.RevealSecrets == true ? exchange.Request : null) ?? exchange.RedactedRequest;
            _inspection.Request = sent is null ? HttpExchange.PlannedRequest(parameters, _options.Region) : HttpExchange.Request(sent);
            _inspection.Response = exchange?.Response is { } received ? HttpExchange.Response(received, sent?.Url)
                : exchange is null && answer.Result is { } answered ? HttpExchange.ResultResponse(answered, _inspection.Request?.Url)
                : null;
        }

        if (answer.Result is not { } result)
        {
            return Step.TaskFail(answer.Error, answer.Cause);
        }

        // The result is checked against the payload limit as an execution checks it: the task fails, naming its
        // resource, and its Retry and Catch (States.ALL included) see the error (a user trial found the state's output
        // refused instead, uncaught).
        if (PayloadSize.Refuses(result, _maxPayloadBytes))
        {
            return Step.TaskFail(StatesErrors.DataLimitExceeded, ExecutionRun.ResultRefused(ExecutionRun.TaskResultName(task), result));
        }

        _inspection.Result = result;
        if (!Evaluate(task.ResultSelector, result, out var selected, out failure))
        {
            return failure;
        }

        JsonPathOnly(() => _inspection.AfterResultSelector = selected);
        return Complete(task.ResultPath, raw, selected, task.NextName);
    }

    /// <summary>
    /// Calls the resource through the kernel: the bare Task (no paths, no retry) on the effective input, with the state's
    /// <c>TimeoutSeconds</c>. It runs on the API's clock (<see cref="StepFunctionsOptions.TimeProvider"/>, the system
    /// clock by default), as executions do, since the call really takes its time: a registered
    /// handler doing real work gets the time it needs, up to TestState's five minutes, past which the test fails with
    /// <c>States.Timeout</c> as AWS fails it.
    /// </summary>
    private async Task<MockedOutcome> InvokeAsync(TaskProgram task, JsonValue parameters, long? timeoutSeconds, Action<HttpTaskExchange>? observer, CancellationToken cancellationToken)
    {
        var state = new JsonObject { ["Type"] = "Task", ["Resource"] = task.Resource, ["End"] = true };
        if (timeoutSeconds is { } timeout)
        {
            state["TimeoutSeconds"] = timeout;
        }

        var bare = new JsonObject { ["StartAt"] = task.Name, ["States"] = new JsonObject { [task.Name] = state } };
        var program = AslInterpreter.Compile(bare.ToJsonString());
        var execution = _options.Execution ?? new ExecutionOptions();
        var kernel = new ExecutionKernel(new ExecutionOptions
        {
            TimeProvider = _options.TimeProvider ?? TimeProvider.System,
            TaskHandlers = execution.TaskHandlers,
            HttpClient = execution.HttpClient,
            HttpClientFactory = execution.HttpClientFactory,
            HttpConnections = execution.HttpConnections,
            HttpObserver = observer,
            MaxPayloadBytes = execution.MaxPayloadBytes,
            Partition = _options.Partition,
            Region = _options.Region,
            AccountId = _options.AccountId,
            RoleArn = _request.RoleArn ?? execution.RoleArn,
        });
        var result = await kernel.RunAsync(program, parameters, new ExecutionRequest { StateMachineName = "TestStateMachine", Type = AslCompiler.Language.Model.ExecutionType.Express, RecordHistory = false }, cancellationToken).ConfigureAwait(false);
        return result.Status switch
        {
            KernelStatus.Succeeded => new MockedOutcome(result.Output, null, null),
            KernelStatus.TimedOut => new MockedOutcome(null, StatesErrors.Timeout, result.Cause),
            _ => new MockedOutcome(null, result.Error, result.Cause),
        };
    }

    private Step RunMap(MapProgram map)
    {
        var raw = _input;
        if (!Evaluate(map.InputPath, raw, out var effective, out var failure))
        {
            return failure;
        }

        JsonPathOnly(() => _inspection.AfterInputPath = effective);
        if (map.ItemReader is null)
        {
            var items = effective;
            if (map.Items is { } itemsExpression)
            {
                var r = itemsExpression(effective, _frame);
                if (!r.IsSuccess)
                {
                    return Step.Fail(r.Error, r.Cause);
                }

                items = r.Value;
            }

            if (!items.TryGetArray(out _))
            {
                var path = _definition["ItemsPath"] is System.Text.Json.Nodes.JsonValue p && p.TryGetValue<string>(out var text) ? text : "$";
                return Step.Fail(StatesErrors.Runtime, _jsonata
                    ? "The Items field must evaluate to a JSON array, got " + items.ToJsonString() + "."
                    : "Reference path \"" + (path.StartsWith("$$", StringComparison.Ordinal) ? path[1..] : path) + "\" must point to array.");
            }

            JsonPathOnly(() => _inspection.AfterItemsPath = items);
            if (SelectAndBatch(map, items.GetArray(), effective) is { } selectFailure)
            {
                return selectFailure;
            }
        }

        var maxConcurrency = 0L;
        if (map.MaxConcurrency is { } maxExpression)
        {
            if (!Evaluate(maxExpression, effective, out var value, out failure))
            {
                return failure;
            }

            // The execution's check (a string holding an integer is one; a path's value is worded as AWS words it).
            if (ExecutionRun.MaxConcurrencyProblem(map.MaxConcurrencyPath, value, out var max) is { } problem)
            {
                return Step.Fail(StatesErrors.Runtime, problem);
            }

            maxConcurrency = max;
        }

        _inspection.MaxConcurrency = (int)Math.Min(maxConcurrency, int.MaxValue);
        long? toleratedCount = null;
        if (map.ToleratedFailureCount is { } countExpression)
        {
            if (!Evaluate(countExpression, effective, out var value, out failure))
            {
                return failure;
            }

            if (ExecutionRun.ToleratedFailureCountProblem(map.ToleratedFailureCountPath, value, out var count) is { } problem)
            {
                return Step.Fail(StatesErrors.Runtime, problem);
            }

            toleratedCount = count;
            _inspection.ToleratedFailureCount = (int)Math.Min(count, int.MaxValue);
        }

        double? toleratedPercentage = null;
        if (map.ToleratedFailurePercentage is { } percentageExpression)
        {
            if (!Evaluate(percentageExpression, effective, out var value, out failure))
            {
                return failure;
            }

            if (ExecutionRun.ToleratedFailurePercentageProblem(map.ToleratedFailurePercentagePath, value, out var percentage) is { } problem)
            {
                return Step.Fail(StatesErrors.Runtime, problem);
            }

            toleratedPercentage = percentage;
            _inspection.ToleratedFailurePercentage = percentage;
        }

        if (_mock?.Result is not { } result)
        {
            return Step.Fail(_mock?.Error, _mock?.Cause);
        }

        var failures = _request.StateConfiguration?.MapIterationFailureCount ?? 0;
        if (failures > 0 && result.TryGetArray(out var results) && (toleratedCount is not null || toleratedPercentage is not null))
        {
            var exceeded = (toleratedCount is { } c && failures > c) || (toleratedPercentage is { } pct && results.Count > 0 && failures * 100.0 / results.Count > pct);
            if (exceeded)
            {
                return Step.Fail(ThresholdError, "The specified tolerated failure threshold was exceeded");
            }
        }

        return FinishAggregate(map.ResultSelector, map.ResultPath, raw, result, map.NextName);
    }

    /// <summary>
    /// The items' ItemSelector and ItemBatcher, evaluated as an execution evaluates them (each item with its
    /// <c>$$.Map.Item</c>; a batcher takes the items as read, as the kernel's does) and reported as
    /// <c>afterItemSelector</c> and <c>afterItemBatcher</c>; a failure fails the test as it fails an execution. A user
    /// trial found both skipped: a selector naming nothing passed here and failed in a run.
    /// </summary>
    private Step? SelectAndBatch(MapProgram map, JsonArrayValue items, JsonValue effective)
    {
        if (map.ItemBatcher is { } batcher)
        {
            var batches = new List<JsonValue>();
            var built = ExecutionRun.BuildBatches(batcher, items, effective, _frame, batches);
            if (built.Failed)
            {
                return Step.Fail(built.Error, built.Cause);
            }

            _inspection.AfterItemBatcher = JsonValue.CreateArray(batches.ToArray());
            return null;
        }

        if (map.ItemSelector is null)
        {
            return null;
        }

        var selected = new JsonValue[items.Count];
        for (var i = 0; i < selected.Length; i++)
        {
            if (!ExecutionRun.TrySelectItem(map, i, items[i], null, effective, _frame, out selected[i], out var failed))
            {
                return Step.Fail(failed.Error, failed.Cause);
            }
        }

        _inspection.AfterItemSelector = JsonValue.CreateArray(selected);
        return null;
    }

    private Step RunParallel(ParallelProgram parallel)
    {
        var raw = _input;
        if (!Evaluate(parallel.InputPath, raw, out var effective, out var failure) || !Evaluate(parallel.Parameters, effective, out _, out failure))
        {
            return failure;
        }

        if (_mock?.Result is not { } result)
        {
            return Step.Fail(_mock?.Error, _mock?.Cause);
        }

        return FinishAggregate(parallel.ResultSelector, parallel.ResultPath, raw, result, parallel.NextName);
    }

    private Step FinishAggregate(StateExpression? resultSelector, ResultCombiner? resultPath, JsonValue raw, JsonValue result, string? next)
    {
        if (!Evaluate(resultSelector, result, out var selected, out var failure))
        {
            return failure;
        }

        JsonPathOnly(() => _inspection.AfterResultSelector = selected);
        return Complete(resultPath, raw, selected, next);
    }

    /// <summary>Assign, ResultPath (or Output), OutputPath; then the new variables become visible. As the kernel does.</summary>
    private Step Complete(ResultCombiner? resultPath, JsonValue raw, JsonValue result, string? next, bool recordResultPath = true)
    {
        JsonValue assigned = default;
        if (_state.Assign is { } assign && !Combine(assign, raw, result, out assigned, out var failure))
        {
            return failure;
        }

        var output = result;
        if (resultPath is not null && !Combine(resultPath, raw, result, out output, out failure))
        {
            return failure;
        }

        if (recordResultPath)
        {
            JsonPathOnly(() => _inspection.AfterResultPath = output);
        }

        if (!Evaluate(_state.OutputPath, output, out output, out failure))
        {
            return failure;
        }

        Assign(assigned);
        return Step.Success(output, next);
    }

    /// <summary>What Retry and Catch make of a failure: RETRIABLE while a retrier has attempts left, else CAUGHT_ERROR when a catcher takes it, else FAILED.</summary>
    private TrialOutcome Recover(Step step)
    {
        var (retriers, catchers) = _state switch
        {
            TaskProgram t => (t.Retry, t.Catch),
            MapProgram m => (m.Retry, m.Catch),
            ParallelProgram p => (p.Retry, p.Catch),
            _ => (null, null),
        };
        var error = step.Error ?? string.Empty;
        var details = new InspectionErrorDetails();
        var fromTask = step.FromTask && _state is TaskProgram;
        if (ExecutionRun.FindRetrier(retriers, error, fromTask, heartbeat: false) is var retryIndex and >= 0)
        {
            var policy = retriers![retryIndex];
            var attempt = _request.StateConfiguration?.RetrierRetryCount ?? 0;
            details = details with { RetryIndex = retryIndex };
            if (attempt < policy.MaxAttempts)
            {
                var delay = ExecutionRun.RetryDelay(policy, attempt, _options.Execution?.SynchronizedRandom ?? Random.Shared);
                _inspection.ErrorDetails = details with { RetryBackoffIntervalSeconds = (int)Math.Round(delay.TotalSeconds, MidpointRounding.AwayFromZero) };
                return new TrialOutcome(TestExecutionStatus.Retriable, default, null, step.Error, step.Cause, _inspection, _frame.Variables);
            }
        }

        if (ExecutionRun.FindCatcher(catchers, error, fromTask, heartbeat: false) is var catchIndex and >= 0)
        {
            var catcher = catchers![catchIndex];
            _inspection.ErrorDetails = details with { CatchIndex = catchIndex };
            var errorOutput = ExecutionRun.CaughtErrorOutput(step.Error, step.Cause);
            JsonValue assigned = default;
            if (catcher.Assign is { } assign && !Combine(assign, _input, errorOutput, out assigned, out var failed))
            {
                return new TrialOutcome(TestExecutionStatus.Failed, default, null, failed.Error, failed.Cause, _inspection, _frame.Variables);
            }

            var output = errorOutput;
            if (catcher.Output is { } combine && !Combine(combine, _input, errorOutput, out output, out failed))
            {
                return new TrialOutcome(TestExecutionStatus.Failed, default, null, failed.Error, failed.Cause, _inspection, _frame.Variables);
            }

            Assign(assigned);
            return new TrialOutcome(TestExecutionStatus.CaughtError, output, catcher.NextName, step.Error, step.Cause, _inspection, _frame.Variables);
        }

        if (details.RetryIndex is not null)
        {
            _inspection.ErrorDetails = details;
        }

        return new TrialOutcome(TestExecutionStatus.Failed, default, null, step.Error, step.Cause, _inspection, _frame.Variables);
    }

    private void JsonPathOnly(Action record)
    {
        if (!_jsonata)
        {
            record();
        }
    }

    private void Assign(JsonValue assigned)
    {
        if (!assigned.IsUndefined)
        {
            _frame.Variables.AssignAll(assigned);
        }
    }

    private bool Evaluate(StateExpression? expression, JsonValue value, out JsonValue result, out Step failure)
    {
        failure = default;
        if (expression is null)
        {
            result = value;
            return true;
        }

        var r = expression(value, _frame);
        result = r.IsSuccess ? r.Value : default;
        if (!r.IsSuccess)
        {
            failure = Step.Fail(r.Error, r.Cause);
        }

        return r.IsSuccess;
    }

    private bool Combine(ResultCombiner combiner, JsonValue raw, JsonValue result, out JsonValue combined, out Step failure)
    {
        failure = default;
        var r = combiner(raw, result, _frame);
        combined = r.IsSuccess ? r.Value : default;
        if (!r.IsSuccess)
        {
            failure = Step.Fail(r.Error, r.Cause);
        }

        return r.IsSuccess;
    }

    private readonly record struct Step(bool Failed, JsonValue Output, string? Next, string? Error, string? Cause, bool FromTask = false)
    {
        public static Step Success(JsonValue output, string? next) => new(false, output, next, null, null);

        public static Step Fail(string? error, string? cause) => new(true, default, null, error, cause);

        /// <summary>The task's own failure (its handler's or mock's error, its refused result), as the kernel's catchers match it.</summary>
        public static Step TaskFail(string? error, string? cause) => new(true, default, null, error, cause, FromTask: true);
    }
}

/// <summary>The values TestState reports at DEBUG and TRACE, as the run produced them.</summary>
internal sealed class TrialInspection
{
    public JsonValue Input { get; set; }

    public JsonValue AfterInputPath { get; set; }

    public JsonValue AfterParameters { get; set; }

    public JsonValue AfterArguments { get; set; }

    public JsonValue Result { get; set; }

    public JsonValue AfterResultSelector { get; set; }

    public JsonValue AfterResultPath { get; set; }

    public JsonValue AfterItemsPath { get; set; }

    public JsonValue AfterItemSelector { get; set; }

    public JsonValue AfterItemBatcher { get; set; }

    public int? MaxConcurrency { get; set; }

    public int? ToleratedFailureCount { get; set; }

    public double? ToleratedFailurePercentage { get; set; }

    public InspectionErrorDetails? ErrorDetails { get; set; }

    public InspectionDataRequest? Request { get; set; }

    public InspectionDataResponse? Response { get; set; }

    public InspectionData ToInspectionData(VariableScope variables) => new()
    {
        Input = Text(Input),
        AfterInputPath = Text(AfterInputPath),
        AfterParameters = Text(AfterParameters),
        AfterArguments = Text(AfterArguments),
        Result = Text(Result),
        AfterResultSelector = Text(AfterResultSelector),
        AfterResultPath = Text(AfterResultPath),
        AfterItemsPath = Text(AfterItemsPath),
        AfterItemSelector = Text(AfterItemSelector),
        AfterItemBatcher = Text(AfterItemBatcher),
        MaxConcurrency = MaxConcurrency,
        ToleratedFailureCount = ToleratedFailureCount,
        ToleratedFailurePercentage = ToleratedFailurePercentage,
        ErrorDetails = ErrorDetails,
        Request = Request,
        Response = Response,
        Variables = variables.IsEmpty ? null : variables.ToJson().ToJsonString(),
    };

    private static string? Text(JsonValue value) => value.IsUndefined ? null : value.ToJsonString();
}

/// <summary>What a TestState run ended with.</summary>
internal sealed record TrialOutcome(TestExecutionStatus Status, JsonValue Output, string? Next, string? Error, string? Cause, TrialInspection Inspection, VariableScope Variables)
{
    public TestStateResponse ToResponse(InspectionLevel level) => new()
    {
        Status = Status,
        Output = Output.IsUndefined ? null : Output.ToJsonString(),
        NextState = Next,
        Error = Error,
        Cause = Cause,
        InspectionData = level is InspectionLevel.Debug or InspectionLevel.Trace ? Inspection.ToInspectionData(Variables) : null,
    };
}
