using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Language.Json;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Api.Validation;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using JsonValue = AslCompiler.Runtime.Json.JsonValue;

namespace AslCompiler.Runtime.Api.Engine;

/// <summary>
/// TestState: one state's data flow, evaluated step by step with the kernel's compiled fields so every intermediate
/// value (afterInputPath, afterParameters, result, afterResultSelector, afterResultPath ...) can be reported. The
/// request's mock stands in for the resource (a Task's answer, a Map's or Parallel's result array); without a mock a
/// Task's resource is called through the kernel. Retry and Catch are decided, not run: a failure a retrier would
/// retry is RETRIABLE, one a catcher takes is CAUGHT_ERROR with the catcher's output and next state.
/// </summary>
internal static partial class StateTester
{
    /// <summary>The name AWS gives a lone state under test (its context object and error locations show it).</summary>
    private const string LoneStateName = "StateName";

    /// <summary>Deeper definitions are refused rather than walked (no state nests anywhere near this).</summary>
    private const int MaxDefinitionDepth = 256;

    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal) { "Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Map", "Parallel" };

    public static async Task<TestStateResponse> RunAsync(TestStateRequest request, StepFunctionsOptions options, CancellationToken cancellationToken)
    {
        if (request.Mock is { } mock)
        {
            // Exactly one: a mock with neither ran as a failure with no error.
            if ((mock.Result is null) == (mock.ErrorOutput is null))
            {
                throw new ValidationException("A test mock should have only one of the following fields: [result, errorOutput].");
            }

            if (request.RevealSecrets == true)
            {
                throw new ValidationException("TestState does not support RevealSecrets when a mock is specified.");
            }
        }

        if (request.Context is not null && request.Mock is null)
        {
            // The reference: "This field may only be specified if a mock is specified in the same request."
            throw new ValidationException("The context field may only be specified if a mock is specified in the same request.");
        }

        var selected = SelectState(request);
        if (request.StateName is not null)
        {
            // A state picked from a whole machine: the machine is checked as CreateStateMachine checks it.
            AslDefinitionValidator.Instance.ThrowIfInvalid(request.Definition, StateMachineType.Standard);
        }

        var type = selected.State["Type"] is JsonNode t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;
        var mocked = MockedOutcome.From(request.Mock, type);
        if (type is "Map" or "Parallel" && mocked is null)
        {
            throw new InvalidDefinitionException("TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]");
        }

        if (type is "Task" && mocked is null && selected.State["Resource"] is JsonNode r && r.GetValueKind() == JsonValueKind.String &&
            r.GetValue<string>() is var resource &&
            (TaskResource.Classify(resource) == TaskResourceKind.Activity || TaskResource.IsSync(resource) || TaskResource.IsWaitForTaskToken(resource)))
        {
            // AWS tests these only against a mock: nothing would answer the activity or the task token, nor run the job.
            throw new InvalidDefinitionException("TestState API does not support Activity tasks, .sync or .waitForTaskToken service integration patterns without a mock. Specify a mock to test this state.");
        }

        if (type is null || !Supported.Contains(type))
        {
            throw new InvalidDefinitionException("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field 'Type' should have one of these values: [Task, Wait, Pass, Succeed, Fail, Choice, Parallel, Map] at /States/" + selected.Name + "/Type'");
        }

        if (type is "Parallel" && selected.State["Branches"] is JsonArray { Count: 0 })
        {
            throw new InvalidDefinitionException("Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States/" + selected.Name + "/Branches'");
        }

        var (machine, program) = Compile(selected);
        if (type is "Task" && mocked is null && request.RoleArn is null)
        {
            // AWS's guide: "When you specify a mock, specifying the role becomes optional" — without one, the role the
            // task would run as is required (here a handler registered for the resource answers it).
            throw new ValidationException("A roleArn is required to test a Task state without a mock.");
        }

        var input = JsonValue.Parse(request.Input ?? "{}");
        if (mocked is { Result: { } mockResult })
        {
            CheckMockedResult(program, selected.State, mockResult, request);
        }

        if (request.StateConfiguration?.MapItemReaderData is { } readerData && !JsonValue.TryParse(readerData, out _, out var readerError))
        {
            throw new ValidationException("Invalid mapItemReaderData: '" + readerError + "'");
        }

        var variables = ParseVariables(request.Variables);
        var context = TestStateContextObject.Resolve(request, program, input, options);
        var trial = new StateTrial(machine, program, selected.State, request, options, input, variables, context, mocked, selected.QueryLanguage);
        var outcome = await trial.RunAsync(cancellationToken).ConfigureAwait(false);
        return outcome.ToResponse(request.InspectionLevel ?? InspectionLevel.Info);
    }

    /// <summary>The state under test: the definition itself, or the named state found anywhere in a whole machine (branches and Map processors too).</summary>
    private static SelectedState SelectState(TestStateRequest request)
    {
        JsonObject definition;
        try
        {
            definition = JsonNode.Parse(request.Definition, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDefinitionDepth })!.AsObject();
        }
        catch (JsonException e)
        {
            // Worded as CreateStateMachine words it (Jackson's message) when the validator refuses the text too.
            AslDefinitionValidator.Instance.ThrowIfInvalid(request.Definition, StateMachineType.Standard);
            throw new InvalidDefinitionException("Invalid State Machine Definition: '" + e.Message + "'");
        }

        // JsonNode takes what AWS's strict reader refuses and fails later, on first use: a repeated member (its object
        // then throws ArgumentException) and a lone surrogate escape (InvalidOperationException when read).
        var strict = JsonSyntaxReader.Parse(request.Definition);
        if (strict.Diagnostics.FirstOrDefault(d => d.Kind == JsonErrorKind.DuplicateKey) is { } duplicate)
        {
            throw new InvalidDefinitionException("Invalid State Machine Definition: '" + AslDiagnosticCodes.OfDuplicateKey(duplicate.Pointer) + ": " +
                duplicate.Message.TrimEnd('.') + " at " + duplicate.Pointer + "'");
        }

        if (strict.FatalError is { } fatal)
        {
            AslDefinitionValidator.Instance.ThrowIfInvalid(request.Definition, StateMachineType.Standard);
            throw new InvalidDefinitionException("Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: " + fatal.Message + "'");
        }

        if (request.StateName is null)
        {
            return new SelectedState(definition, LoneStateName, StringOf(definition["QueryLanguage"]));
        }

        var found = Find(definition, request.StateName, StringOf(definition["QueryLanguage"]), 0);
        if (found is null)
        {
            // A machine too broken to hold the state ("States" not an object, a state that is not one) is refused for
            // what breaks it, as CreateStateMachine refuses it, not for the state it cannot hold.
            AslDefinitionValidator.Instance.ThrowIfInvalid(request.Definition, StateMachineType.Standard);
            throw new ValidationException("State not found in definition");
        }

        return found;
    }

    private static SelectedState? Find(JsonObject graph, string name, string? queryLanguage, int depth)
    {
        if (depth > 64 || graph["States"] is not JsonObject states)
        {
            return null;
        }

        if (states[name] is JsonObject state)
        {
            return new SelectedState(state, name, StringOf(state["QueryLanguage"]) ?? queryLanguage);
        }

        foreach (var (_, node) in states)
        {
            if (node is not JsonObject child)
            {
                continue;
            }

            var language = StringOf(child["QueryLanguage"]) ?? queryLanguage;
            var nested = new List<JsonObject>();
            if ((child["ItemProcessor"] ?? child["Iterator"]) is JsonObject processor)
            {
                nested.Add(processor);
            }

            nested.AddRange((child["Branches"] as JsonArray ?? []).OfType<JsonObject>());
            foreach (var inner in nested)
            {
                if (Find(inner, name, StringOf(inner["QueryLanguage"]) ?? language, depth + 1) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }

    private static string? StringOf(JsonNode? node) => node is not null && node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    /// <summary>Compiles the state alone inside a machine whose other states are pass-through stubs (its successors must exist).</summary>
    private static (StateMachineProgram Machine, StateProgram State) Compile(SelectedState selected)
    {
        var copy = selected.State.DeepClone().AsObject();
        var targets = new List<string>();
        void Target(JsonNode? node)
        {
            if (StringOf(node) is { } target && target != selected.Name && !targets.Contains(target))
            {
                targets.Add(target);
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

        var states = new JsonObject { [selected.Name] = copy };
        foreach (var target in targets)
        {
            states[target] = new JsonObject { ["Type"] = "Pass", ["End"] = true };
        }

        var machine = new JsonObject { ["StartAt"] = selected.Name, ["States"] = states };
        if (selected.QueryLanguage is not null)
        {
            machine["QueryLanguage"] = selected.QueryLanguage;
        }

        var text = machine.ToJsonString();
        if (selected.Name == LoneStateName)
        {
            // A lone state is checked as the machine AWS makes of it (its locations read /States/StateName/...).
            AslDefinitionValidator.Instance.ThrowIfInvalid(text, StateMachineType.Standard);
        }

        try
        {
            var program = AslInterpreter.Compile(text);
            return (program, program.Root.States[program.Root.IndexOf(selected.Name)]);
        }
        catch (Exception e) when (e is not StepFunctionsException and not OperationCanceledException)
        {
            throw new InvalidDefinitionException("Invalid State Machine Definition: '" + e.Message + "'");
        }
    }

    private static JsonValue ParseVariables(string? variables)
    {
        if (variables is null)
        {
            return default;
        }

        var parsed = JsonValue.Parse(variables);
        if (!parsed.TryGetObject(out _))
        {
            throw new ValidationException("Invalid variables: the variables must be a JSON object.");
        }

        return parsed;
    }

    /// <summary>Checks a mocked result the way AWS does before the state runs: its shape for Map and Parallel, the service API's shape for a Task.</summary>
    private static void CheckMockedResult(StateProgram program, JsonObject state, JsonValue result, TestStateRequest request)
    {
        switch (program)
        {
            case MapProgram:
                // A ResultWriter that writes (has a Resource) makes the Map return {MapRunArn, ResultWriterDetails};
                // one with only a WriterConfig shapes the results array (as the kernel's Map does).
                if (state["ResultWriter"] is JsonObject writer && writer["Resource"] is not null)
                {
                    if (!result.TryGetObject(out _))
                    {
                        throw new ValidationException("Mocked result must be a JSON object.");
                    }
                }
                else if (!result.TryGetArray(out var items))
                {
                    throw new ValidationException("Mocked result must be an array.");
                }
                else if (request.StateConfiguration?.MapIterationFailureCount is { } failures && failures > items.Count)
                {
                    throw new ValidationException("Map iteration failure count must be less than or equal to the number of Map iterations");
                }

                break;
            case ParallelProgram:
                if (!result.TryGetArray(out _))
                {
                    throw new ValidationException("Mocked result must be an array.");
                }

                break;
            case TaskProgram task:
                var mode = request.Mock?.FieldValidationMode ?? MockResponseValidationMode.Strict;
                if (mode != MockResponseValidationMode.None && MockResultFieldValidation.Check(task.Resource, result, mode == MockResponseValidationMode.Strict) is { } problem)
                {
                    throw new ValidationException("Mock result schema validation error: " + problem);
                }

                break;
        }
    }

    private sealed record SelectedState(JsonObject State, string Name, string? QueryLanguage);
}

/// <summary>What the request's mock says the resource answered: a result, or an error.</summary>
internal sealed record MockedOutcome(JsonValue? Result, string? Error, string? Cause)
{
    public static MockedOutcome? From(MockInput? mock, string? stateType)
    {
        if (mock is null)
        {
            return null;
        }

        if (stateType is "Pass" or "Succeed" or "Fail" or "Choice" or "Wait")
        {
            throw new ValidationException("State type '" + stateType + "' is not supported when a mock is specified");
        }

        if (mock.Result is { } text)
        {
            if (!JsonValue.TryParse(text, out var parsed, out _))
            {
                throw new ValidationException("Mocked result must be valid JSON");
            }

            return new MockedOutcome(parsed, null, null);
        }

        return new MockedOutcome(null, mock.ErrorOutput?.Error, mock.ErrorOutput?.Cause);
    }
}
