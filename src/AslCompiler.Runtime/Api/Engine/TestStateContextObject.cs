using System;
using System.Collections.Generic;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Api.Engine;

/// <summary>
/// The context object a TestState run sees: the request's <c>context</c>, checked field by field as AWS checks it,
/// or one made up the way AWS makes it (an express execution of a generated machine; the state is named
/// <c>StateName</c> even when <c>stateName</c> picked it from a whole machine, as AWS records it).
/// </summary>
internal static class TestStateContextObject
{
    private static readonly Dictionary<string, Dictionary<string, FieldKind>> Shape = new(StringComparer.Ordinal)
    {
        ["Execution"] = Fields(("Id", FieldKind.String), ("Input", FieldKind.Any), ("Name", FieldKind.String), ("RoleArn", FieldKind.String), ("StartTime", FieldKind.String), ("RedriveCount", FieldKind.Integer), ("RedriveTime", FieldKind.String)),
        ["State"] = Fields(("EnteredTime", FieldKind.String), ("Name", FieldKind.String), ("RetryCount", FieldKind.Integer)),
        ["StateMachine"] = Fields(("Id", FieldKind.String), ("Name", FieldKind.String)),
        ["Task"] = Fields(("Token", FieldKind.String)),
        ["Map"] = Fields(("Item", FieldKind.Object)),
    };

    private enum FieldKind
    {
        Any,
        String,
        Integer,
        Object,
    }

    public static JsonValue Resolve(TestStateRequest request, StateProgram state, JsonValue input, StepFunctionsOptions options)
    {
        if (request.Context is { } text)
        {
            if (!JsonValue.TryParse(text, out var given, out var error))
            {
                throw Invalid("The context object is not valid JSON: " + error);
            }

            Check(given, state);
            return given;
        }

        var executionName = Guid.NewGuid().ToString();
        var prefix = "arn:" + options.Partition + ":states:" + options.Region + ":" + options.AccountId;
        var now = StateFrame.FormatTime((options.Execution?.TimeProvider ?? TimeProvider.System).GetUtcNow());
        var execution = JsonValue.CreateObject(
            new("Id", prefix + ":express:" + "TestStateMachine" + ":" + executionName),
            new("Input", input),
            new("Name", executionName),
            new("RoleArn", request.RoleArn is null ? JsonValue.Null : JsonValue.FromString(request.RoleArn)),
            new("StartTime", now));
        var machine = JsonValue.CreateObject(new("Id", prefix + ":stateMachine:TestStateMachine"), new("Name", "TestStateMachine"));
        var stateMembers = new List<KeyValuePair<string, JsonValue>>
        {
            new("Name", "StateName"),
            new("EnteredTime", now),
        };
        if (state is TaskProgram or MapProgram or ParallelProgram)
        {
            stateMembers.Add(new("RetryCount", request.StateConfiguration?.RetrierRetryCount ?? 0));
        }

        var members = new List<KeyValuePair<string, JsonValue>>
        {
            new("Execution", execution),
            new("StateMachine", machine),
            new("State", JsonValue.CreateObject(stateMembers.ToArray())),
        };
        if (state is TaskProgram task && (TaskResource.IsWaitForTaskToken(task.Resource) || task.Kind == TaskResourceKind.Activity))
        {
            members.Add(new("Task", JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("Token", Guid.NewGuid().ToString("N")))));
        }

        return JsonValue.CreateObject(members.ToArray());
    }

    private static void Check(JsonValue context, StateProgram state)
    {
        if (!context.TryGetObject(out var root))
        {
            throw Invalid("The context object must be a JSON object");
        }

        foreach (var (name, value) in root)
        {
            if (!Shape.TryGetValue(name, out var fields))
            {
                throw Invalid("Field '" + name + "' is not allowed");
            }

            if (!value.TryGetObject(out var section))
            {
                throw Invalid(name + " must be an object");
            }

            foreach (var (field, fieldValue) in section)
            {
                if (!fields.TryGetValue(field, out var kind))
                {
                    throw Invalid("Field '" + field + "' is not allowed");
                }

                var fits = kind switch
                {
                    FieldKind.String => fieldValue.Kind == JsonKind.String,
                    FieldKind.Integer => fieldValue.TryGetInt64(out _),
                    FieldKind.Object => fieldValue.Kind == JsonKind.Object,
                    _ => true,
                };
                if (!fits)
                {
                    throw Invalid(name + "." + field + " must be " + (kind switch { FieldKind.String => "a string", FieldKind.Integer => "an integer", _ => "an object" }));
                }
            }
        }

        if (root.ContainsKey("Task") && !(state is TaskProgram task && (TaskResource.IsWaitForTaskToken(task.Resource) || TaskResource.IsSync(task.Resource))))
        {
            throw Invalid("Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern");
        }
    }

    private static ValidationException Invalid(string message) => new("Invalid Context object provided: " + message);

    private static Dictionary<string, FieldKind> Fields(params (string Name, FieldKind Kind)[] fields)
    {
        var map = new Dictionary<string, FieldKind>(StringComparer.Ordinal);
        foreach (var (name, kind) in fields)
        {
            map[name] = kind;
        }

        return map;
    }
}
