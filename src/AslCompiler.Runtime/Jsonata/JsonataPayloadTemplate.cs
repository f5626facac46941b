using System;
using System.Collections.Generic;
using System.Globalization;
using AslCompiler.Language.Jsonata;
using AslCompiler.Runtime.Compiled;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Jsonata;

/// <summary>The error names and cause texts Step Functions reports for JSONata evaluation failures.</summary>
public static class JsonataStatesErrors
{
    /// <summary><c>States.QueryEvaluationError</c>: a JSONata expression failed, returned undefined or a value of the wrong type.</summary>
    public const string QueryEvaluationError = "States.QueryEvaluationError";

    /// <summary>The full cause text: <c>An error occurred while executing the state 'X' (entered at the event id #N). </c> + <paramref name="detail"/>.</summary>
    public static string Cause(string stateName, long enteredEventId, string detail) =>
        "An error occurred while executing the state '" + stateName + "' (entered at the event id #"
        + enteredEventId.ToString(CultureInfo.InvariantCulture) + "). " + detail;

    /// <summary>Detail for an expression that produced no value.</summary>
    public static string Undefined(string expression, string field) =>
        "The JSONata expression '" + expression + "' specified for the field '" + field + "' returned nothing (undefined).";

    /// <summary>Detail for an expression that raised a JSONata error.</summary>
    public static string Failed(string expression, string field, JsonataError error) =>
        "The JSONata expression '" + expression + "' specified for the field '" + field + "' threw an error during evaluation. "
        + (error ?? throw new ArgumentNullException(nameof(error))).Code + ": " + error.Message;

    /// <summary>Detail for an expression that produced something that is not JSON (a function).</summary>
    public static string UnsupportedType(string expression, string field) =>
        "The JSONata expression '" + expression + "' specified for the field '" + field + "' returned an unsupported result type.";

    /// <summary>Detail for a value of the wrong JSON type (e.g. <c>Items</c> must be an array).</summary>
    public static string UnexpectedType(string expression, string field, string expectedKind, JsonValue actual) =>
        "The JSONata expression '" + expression + "' specified for the field '" + field + "' returned an unexpected result type. Expected '"
        + expectedKind + "', but was '" + JsonValue.KindName(actual.Kind) + "' for value: " + actual.ToJsonString();
}

/// <summary>The outcome of evaluating a Step Functions JSONata field: a JSON value, or a <c>States.QueryEvaluationError</c> detail.</summary>
public readonly record struct JsonataFieldResult
{
    private JsonataFieldResult(JsonValue value, string? error, string? detail, JsonataError? jsonataError)
    {
        Value = value;
        Error = error;
        Detail = detail;
        JsonataError = jsonataError;
    }

    /// <summary>The value (undefined on failure).</summary>
    public JsonValue Value { get; }

    /// <summary>The Step Functions error name (<see cref="JsonataStatesErrors.QueryEvaluationError"/>), or null on success.</summary>
    public string? Error { get; }

    /// <summary>The cause text after the state prefix (see <see cref="JsonataStatesErrors.Cause"/>), or null on success.</summary>
    public string? Detail { get; }

    /// <summary>The underlying JSONata error, when the expression raised one.</summary>
    public JsonataError? JsonataError { get; }

    /// <summary>Whether evaluation succeeded.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>A success.</summary>
    public static JsonataFieldResult Success(JsonValue value) => new(value, null, null, null);

    /// <summary>A <c>States.QueryEvaluationError</c> failure.</summary>
    public static JsonataFieldResult Failure(string detail, JsonataError? error = null) =>
        new(default, JsonataStatesErrors.QueryEvaluationError, detail ?? throw new ArgumentNullException(nameof(detail)), error);
}

/// <summary>
/// A Step Functions JSONata field value (<c>Arguments</c>, <c>Output</c>, <c>Assign</c>, <c>Items</c>, ...): any JSON
/// value in which every string of the form <c>{% expression %}</c> is evaluated, recursively through objects and
/// arrays. Expressions are compiled once, at <see cref="Create"/>.
/// </summary>
public sealed class JsonataPayloadTemplate
{
    private readonly Node _root;

    private JsonataPayloadTemplate(JsonValue template, Node root)
    {
        Template = template;
        _root = root;
    }

    /// <summary>The template as written.</summary>
    public JsonValue Template { get; }

    /// <summary>Whether the template holds any expression (otherwise it evaluates to itself).</summary>
    public bool HasExpressions => _root is not Literal;

    /// <summary>Compiles every <c>{% %}</c> string of <paramref name="template"/>.</summary>
    public static JsonataPayloadTemplate Create(JsonValue template, JsonataParserOptions? parserOptions = null) =>
        new(template, Build(template, parserOptions, null, 0));

    /// <summary>
    /// Compiles the template, taking each expression <paramref name="compiled"/> has C# for (by its text between the
    /// delimiters) from the generated code instead of parsing it.
    /// </summary>
    internal static JsonataPayloadTemplate CreateWithCompiled(JsonValue template, Func<string, JsonataCompiledBody?>? compiled) =>
        new(template, Build(template, null, compiled, 0));

    /// <summary>
    /// Evaluates the template. <paramref name="fieldName"/> names the field in cause texts (<c>Output</c>,
    /// <c>Arguments</c>, <c>Assign</c>); nested members are reported as <c>Output/member</c>.
    /// </summary>
    public JsonataFieldResult Evaluate(JsonataBindings bindings, JsonataOptions? options = null, string fieldName = "Output")
    {
        ArgumentNullException.ThrowIfNull(bindings);
        options ??= JsonataOptions.StepFunctions;
        return Evaluate(_root, bindings, options, fieldName);
    }

    private static JsonataFieldResult Evaluate(Node node, JsonataBindings bindings, JsonataOptions options, string field)
    {
        switch (node)
        {
            case Literal literal:
                return JsonataFieldResult.Success(literal.Value);
            case Expression expression:
                {
                    var compiled = expression.Compiled;

                    // AWS quotes the expression without the spaces that usually follow '{%' and precede '%}'.
                    var text = compiled.Text.Trim();
                    if (!compiled.IsValid)
                    {
                        return JsonataFieldResult.Failure(JsonataStatesErrors.Failed(text, field, compiled.SyntaxError!), compiled.SyntaxError);
                    }

                    var (raw, result) = compiled.EvaluateRaw(default, bindings, options);
                    if (result.Error is { } error)
                    {
                        return JsonataFieldResult.Failure(JsonataStatesErrors.Failed(text, field, error), error);
                    }

                    if (raw is JsonataFunction)
                    {
                        return JsonataFieldResult.Failure(JsonataStatesErrors.UnsupportedType(text, field));
                    }

                    if (result.Value.IsUndefined)
                    {
                        return JsonataFieldResult.Failure(JsonataStatesErrors.Undefined(text, field));
                    }

                    return JsonataFieldResult.Success(result.Value);
                }

            case ObjectNode obj:
                {
                    var builder = new JsonObjectBuilder(obj.Members.Count);
                    foreach (var (name, child) in obj.Members)
                    {
                        var r = Evaluate(child, bindings, options, field + "/" + name);
                        if (!r.IsSuccess)
                        {
                            return r;
                        }

                        builder.Set(name, r.Value);
                    }

                    return JsonataFieldResult.Success(JsonValue.FromObject(builder.ToObject()));
                }

            case ArrayNode array:
                {
                    var items = new JsonValue[array.Items.Count];
                    for (var i = 0; i < items.Length; i++)
                    {
                        var r = Evaluate(array.Items[i], bindings, options, field + "/" + i.ToString(CultureInfo.InvariantCulture));
                        if (!r.IsSuccess)
                        {
                            return r;
                        }

                        items[i] = r.Value;
                    }

                    return JsonataFieldResult.Success(JsonValue.FromArray(JsonArrayValue.Create(items)));
                }

            default:
                return JsonataFieldResult.Success(default);
        }
    }

    private static Node Build(JsonValue value, JsonataParserOptions? parserOptions, Func<string, JsonataCompiledBody?>? compiled, int depth)
    {
        if (depth > 512)
        {
            throw new ArgumentException("The template nests too deeply.", nameof(value));
        }

        switch (value.Kind)
        {
            case JsonKind.String:
                var expression = JsonataTemplate.GetExpression(value.GetString());
                if (expression is null)
                {
                    return new Literal(value);
                }

                return new Expression(compiled?.Invoke(expression) is { } body
                    ? JsonataExpression.FromCompiled(expression, body)
                    : JsonataExpression.Compile(expression, parserOptions));
            case JsonKind.Object:
                var members = new List<(string, Node)>();
                var anyExpression = false;
                foreach (var member in value.GetObject().AsSpan())
                {
                    var child = Build(member.Value, parserOptions, compiled, depth + 1);
                    anyExpression |= child is not Literal;
                    members.Add((member.Key, child));
                }

                return anyExpression ? new ObjectNode(members) : new Literal(value);
            case JsonKind.Array:
                var items = new List<Node>();
                var anyItemExpression = false;
                foreach (var item in value.GetArray().AsSpan())
                {
                    var child = Build(item, parserOptions, compiled, depth + 1);
                    anyItemExpression |= child is not Literal;
                    items.Add(child);
                }

                return anyItemExpression ? new ArrayNode(items) : new Literal(value);
            default:
                return new Literal(value);
        }
    }

    private abstract class Node
    {
    }

    private sealed class Literal(JsonValue value) : Node
    {
        public JsonValue Value { get; } = value;
    }

    private sealed class Expression(JsonataExpression compiled) : Node
    {
        public JsonataExpression Compiled { get; } = compiled;
    }

    private sealed class ObjectNode(List<(string Name, Node Child)> members) : Node
    {
        public List<(string Name, Node Child)> Members { get; } = members;
    }

    private sealed class ArrayNode(List<Node> items) : Node
    {
        public List<Node> Items { get; } = items;
    }
}
