using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using JsonValue = AslCompiler.Runtime.Json.JsonValue;
using KernelStatus = AslCompiler.Runtime.Execution.ExecutionStatus;

namespace AslCompiler.Runtime.Api.Engine;

/// <summary>
/// TestState on the kernel: the state runs alone inside a generated machine whose successors are pass-through
/// stubs, on a private virtual clock (Wait states do not wait), with the request's mock as the task's result. The
/// state's output, next state and error come from the run's history. Retry is not run: a failure a retrier matches
/// is RETRIABLE; a failure a catcher takes is CAUGHT_ERROR.
/// </summary>
internal static class StateTester
{
    private const string DefaultStateName = "TestState";

    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal) { "Pass", "Task", "Choice", "Wait", "Succeed", "Fail" };

    public static async Task<TestStateResponse> RunAsync(TestStateRequest request, StepFunctionsOptions options, CancellationToken cancellationToken)
    {
        if (request.Mock is { } mock)
        {
            if (mock.Result is not null && mock.ErrorOutput is not null)
            {
                throw new ValidationException("A test mock should have only one of the following fields: [result, errorOutput].");
            }

            if (request.RevealSecrets == true)
            {
                throw new ValidationException("TestState does not support RevealSecrets when a mock is specified.");
            }
        }

        var (state, name, queryLanguage) = SelectState(request);
        var type = state["Type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? state["Type"]!.GetValue<string>() : null;
        if (request.Mock is { } stateMock)
        {
            if (type is "Pass" or "Succeed" or "Fail" or "Choice" or "Wait")
            {
                throw new ValidationException("State type '" + type + "' is not supported when a mock is specified");
            }

            if (type is "Map" or "Parallel" && stateMock.Result is { } mocked && JsonValue.TryParse(mocked, out var parsed, out _) && !parsed.TryGetArray(out _))
            {
                throw new ValidationException("Mocked result must be an array.");
            }
        }

        if (type is "Map" or "Parallel")
        {
            // AWS's answer before it supported these states; this engine does not run them yet.
            throw new InvalidDefinitionException("TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]");
        }

        if (type is null || !Supported.Contains(type))
        {
            throw new InvalidDefinitionException("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map] at /Type'");
        }

        if (request.Variables is not null || request.Context is not null || request.StateConfiguration is not null)
        {
            throw new NotSupportedException("TestState with variables, context or stateConfiguration is not available yet: the kernel cannot seed them.");
        }

        var input = request.Input ?? "{}";
        var bare = await RunOnceAsync(state, name, queryLanguage, request, input, options, keepCatch: false, cancellationToken).ConfigureAwait(false);
        var response = bare.Response;
        if (bare.FailedInState && type is "Task" or "Pass")
        {
            if (Retriable(state, bare.Response.Error))
            {
                response = new TestStateResponse { Status = TestExecutionStatus.Retriable, Error = bare.Response.Error, Cause = bare.Response.Cause };
            }
            else if (state["Catch"] is JsonArray { Count: > 0 })
            {
                var caught = await RunOnceAsync(state, name, queryLanguage, request, input, options, keepCatch: true, cancellationToken).ConfigureAwait(false);
                if (caught.Response.Status == TestExecutionStatus.Succeeded)
                {
                    response = caught.Response with { Status = TestExecutionStatus.CaughtError, Error = bare.Response.Error, Cause = bare.Response.Cause };
                }
            }
        }

        if (request.InspectionLevel is InspectionLevel.Debug or InspectionLevel.Trace)
        {
            response = response with { InspectionData = new InspectionData { Input = input } };
        }

        return response;
    }

    private static (JsonObject State, string Name, string? QueryLanguage) SelectState(TestStateRequest request)
    {
        var definition = JsonNode.Parse(request.Definition)!.AsObject();
        if (request.StateName is null)
        {
            return (definition, DefaultStateName, null);
        }

        if (definition["States"] is not JsonObject states || states[request.StateName] is not JsonObject state)
        {
            throw new ValidationException("State not found in definition");
        }

        var queryLanguage = definition["QueryLanguage"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? definition["QueryLanguage"]!.GetValue<string>() : null;
        return (state, request.StateName, queryLanguage);
    }

    private static bool Retriable(JsonObject state, string? error)
    {
        if (error is null || state["Retry"] is not JsonArray retriers)
        {
            return false;
        }

        foreach (var retrier in retriers.OfType<JsonObject>())
        {
            var max = retrier["MaxAttempts"]?.GetValue<int>() ?? 3;
            var names = (retrier["ErrorEquals"] as JsonArray ?? []).Select(n => n?.GetValue<string>()).ToList();
            if (names.Contains(error) || (names.Contains("States.ALL") && error != "States.Runtime"))
            {
                return max > 0;
            }
        }

        return false;
    }

    private sealed record RunOutcome(TestStateResponse Response, bool FailedInState);

    private static async Task<RunOutcome> RunOnceAsync(
        JsonObject state, string name, string? queryLanguage, TestStateRequest request, string input, StepFunctionsOptions options, bool keepCatch, CancellationToken cancellationToken)
    {
        var copy = state.DeepClone().AsObject();
        copy.Remove("Retry");
        if (!keepCatch)
        {
            copy.Remove("Catch");
        }

        if (copy["Type"]!.GetValue<string>() == "Wait")
        {
            // TestState does not wait: the Wait's data flow is a Pass's.
            foreach (var member in new[] { "Seconds", "SecondsPath", "Timestamp", "TimestampPath" })
            {
                copy.Remove(member);
            }

            copy["Type"] = "Pass";
        }

        var targets = new List<string>();
        void Target(JsonNode? node)
        {
            if (node?.GetValueKind() == System.Text.Json.JsonValueKind.String && node.GetValue<string>() is var t && t != name && !targets.Contains(t))
            {
                targets.Add(t);
            }
        }

        Target(copy["Next"]);
        Target(copy["Default"]);
        foreach (var rule in (copy["Choices"] as JsonArray ?? []).OfType<JsonObject>())
        {
            Target(rule["Next"]);
        }

        foreach (var catcher in (copy["Catch"] as JsonArray ?? []).OfType<JsonObject>())
        {
            Target(catcher["Next"]);
        }

        var states = new JsonObject { [name] = copy };
        foreach (var target in targets)
        {
            // A JSONata Pass without Output and a JSONPath Pass without Result both pass their input through.
            states[target] = new JsonObject { ["Type"] = "Pass", ["End"] = true };
        }

        var machine = new JsonObject { ["StartAt"] = name, ["States"] = states };
        if (queryLanguage is not null)
        {
            machine["QueryLanguage"] = queryLanguage;
        }

        StateMachineProgram program;
        try
        {
            program = AslInterpreter.Compile(machine.ToJsonString());
        }
        catch (Exception e) when (e is not StepFunctionsException and not OperationCanceledException)
        {
            throw new InvalidDefinitionException("Invalid State Machine Definition: '" + e.Message + "'");
        }

        var clock = new VirtualTimeProvider();
        var execution = options.Execution ?? new ExecutionOptions();
        var kernel = new ExecutionKernel(new ExecutionOptions
        {
            TimeProvider = clock,
            TaskHandlers = execution.TaskHandlers,
            Mocks = Mock(request.Mock, name),
            MaxPayloadBytes = execution.MaxPayloadBytes,
            Partition = options.Partition,
            Region = options.Region,
            AccountId = options.AccountId,
            RoleArn = request.RoleArn ?? execution.RoleArn,
        });
        var run = kernel.RunAsync(program, JsonValue.Parse(input), new ExecutionRequest { StateMachineName = "TestStateMachine" }, cancellationToken).AsTask();
        var result = await VirtualClock.RunAsync(clock, run, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        return Interpret(result, name);
    }

    private static MockTestCase? Mock(MockInput? mock, string name)
    {
        if (mock is null)
        {
            return null;
        }

        JsonValue entry;
        if (mock.Result is { } result)
        {
            if (!JsonValue.TryParse(result, out var parsed, out _))
            {
                throw new ValidationException("Mocked result must be valid JSON");
            }

            entry = JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("Return", parsed));
        }
        else
        {
            var error = mock.ErrorOutput;
            var thrown = new List<KeyValuePair<string, JsonValue>>();
            if (error?.Error is { } e)
            {
                thrown.Add(new("Error", e));
            }

            if (error?.Cause is { } c)
            {
                thrown.Add(new("Cause", c));
            }

            entry = JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("Throw", JsonValue.CreateObject(thrown.ToArray())));
        }

        var entries = JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("0-1000000", entry));
        entries.TryGetObject(out var obj);
        return new MockTestCase("TestState", new Dictionary<string, MockedResponse>(StringComparer.Ordinal) { [name] = MockedResponse.Create(name, obj!) });
    }

    private static RunOutcome Interpret(ExecutionResult result, string name)
    {
        var events = result.History?.Events ?? [];
        string? output = null;
        string? next = null;
        var exited = false;
        foreach (var e in events)
        {
            if (!exited && e.Type.EndsWith("StateExited", StringComparison.Ordinal) && e.Details["name"].TryGetString(out var exitedName) && exitedName == name)
            {
                exited = true;
                e.Details["output"].TryGetString(out output);
            }
            else if (exited && e.Type.EndsWith("StateEntered", StringComparison.Ordinal) && e.Details["name"].TryGetString(out var entered))
            {
                next = entered;
                break;
            }
        }

        if (result.Status == KernelStatus.Succeeded)
        {
            return new RunOutcome(new TestStateResponse { Status = TestExecutionStatus.Succeeded, Output = output ?? result.Output.ToJsonString(), NextState = next }, false);
        }

        return new RunOutcome(new TestStateResponse { Status = TestExecutionStatus.Failed, Error = result.Error, Cause = result.Cause }, !exited);
    }
}
