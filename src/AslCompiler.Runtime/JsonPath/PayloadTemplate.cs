using System;
using System.Collections.Generic;
using AslCompiler.Language.JsonPath;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.JsonPath;

/// <summary>
/// A compiled payload template (Parameters, ResultSelector, ItemSelector, Assign in JSONPath states): members whose
/// name ends in <c>.$</c> take the value of a path (<c>$.a</c>), a context path (<c>$$.Execution.Id</c>), a variable
/// (<c>$name</c>) or an intrinsic call; everything else is copied, and constant parts are shared, not rebuilt.
/// </summary>
public sealed class PayloadTemplate
{
    private readonly Node _root;

    private PayloadTemplate(Node root) => _root = root;

    /// <summary>
    /// Compiles a template; a <c>.$</c> value that does not parse gives a positioned error, and two members of one
    /// object with the same name once <c>.$</c> is taken off (<c>"a"</c> and <c>"a.$"</c>) an error naming it.
    /// </summary>
    public static bool TryCreate(JsonValue template, out PayloadTemplate? compiled, out string? error)
    {
        try
        {
            compiled = new PayloadTemplate(Compile(template, 0));
            error = null;
            return true;
        }
        catch (FormatException e)
        {
            compiled = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>Compiles a template.</summary>
    /// <exception cref="JsonPathSyntaxException">A <c>.$</c> value does not parse.</exception>
    /// <exception cref="FormatException">Two members of one object have the same name once <c>.$</c> is taken off.</exception>
    public static PayloadTemplate Create(JsonValue template) => new(Compile(template, 0));

    /// <summary>Renders the template against a state input.</summary>
    public EvaluationResult Evaluate(JsonValue input, EvaluationContext? context = null) =>
        _root.Evaluate(input, context ?? EvaluationContext.Empty);

    private static Node Compile(JsonValue template, int depth)
    {
        if (depth > 512)
        {
            throw new JsonPathSyntaxException(new JsonPathSyntaxError(0, "The template nests too deeply."));
        }

        if (template.TryGetObject(out var obj))
        {
            var members = new (string Name, string Field, Node Node)[obj.Count];
            var dynamic = false;
            for (var i = 0; i < obj.Count; i++)
            {
                var member = obj[i];
                if (member.Key.EndsWith(".$", StringComparison.Ordinal) && member.Value.TryGetString(out var expression))
                {
                    members[i] = (member.Key[..^2], member.Key, CompileExpression(expression, member.Key));
                    dynamic = true;
                }
                else
                {
                    var child = Compile(member.Value, depth + 1);
                    dynamic |= child is not ConstantNode;
                    members[i] = (member.Key, member.Key, child);
                }
            }

            if (!dynamic)
            {
                return new ConstantNode(template);
            }

            CheckDistinct(members);

            // AWS renders a template object in a Java HashMap: written members first, then the .$ ones in hash order.
            var shape = new (string Name, bool IsPath)[members.Length];
            for (var i = 0; i < members.Length; i++)
            {
                shape[i] = (members[i].Name, members[i].Field.Length != members[i].Name.Length);
            }

            var order = JavaHashMapOrder.TemplateOrder(shape);
            var ordered = new (string Name, string Field, Node Node)[members.Length];
            for (var i = 0; i < order.Length; i++)
            {
                ordered[i] = members[order[i]];
            }

            return new ObjectNode(ordered);
        }

        if (template.TryGetArray(out var array))
        {
            var items = new Node[array.Count];
            var dynamic = false;
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = Compile(array[i], depth + 1);
                dynamic |= items[i] is not ConstantNode;
            }

            return dynamic ? new ArrayNode(items) : new ConstantNode(template);
        }

        return new ConstantNode(template);
    }

    // The rendered object would have two members of one name ("a" and "a.$" both give "a"). The validator refuses
    // this in a definition; a template that never met it (asl eval --template) is refused here.
    private static void CheckDistinct((string Name, string Field, Node Node)[] members)
    {
        if (members.Length < 2)
        {
            return;
        }

        var fields = new Dictionary<string, string>(members.Length, StringComparer.Ordinal);
        foreach (var (name, field, _) in members)
        {
            if (!fields.TryAdd(name, field))
            {
                throw new FormatException("The field '" + name + "' is given twice in the template (as '" + fields[name] + "' and '" + field + "').");
            }
        }
    }

    private static Node CompileExpression(string expression, string field)
    {
        if (IntrinsicFunctionParser.LooksLikeCall(expression))
        {
            return new IntrinsicNode(IntrinsicFunctionParser.Parse(expression));
        }

        return new PathNode(JsonPathParser.Parse(expression), field);
    }

    private abstract class Node
    {
        public abstract EvaluationResult Evaluate(JsonValue input, EvaluationContext context);
    }

    private sealed class ConstantNode(JsonValue value) : Node
    {
        public override EvaluationResult Evaluate(JsonValue input, EvaluationContext context) => EvaluationResult.Success(value);
    }

    private sealed class PathNode(JsonPathExpression path, string field) : Node
    {
        public override EvaluationResult Evaluate(JsonValue input, EvaluationContext context)
        {
            var result = JsonPathEvaluator.Evaluate(path, input, context);
            if (result.IsSuccess)
            {
                return result;
            }

            // AWS quotes the document the path searched: the context object for a $$ path.
            var searched = path.Root == JsonPathRoot.Context ? context.ContextObject : input;
            return EvaluationResult.Failure(StatesErrorNames.Runtime, "The JSONPath '" + path.Text + "' specified for the field '" + field + "' could not be found in the input '" + searched.ToJsonString() + "'");
        }
    }

    private sealed class IntrinsicNode(IntrinsicFunctionCall call) : Node
    {
        public override EvaluationResult Evaluate(JsonValue input, EvaluationContext context) => Intrinsics.Evaluate(call, input, context);
    }

    private sealed class ArrayNode(Node[] items) : Node
    {
        public override EvaluationResult Evaluate(JsonValue input, EvaluationContext context)
        {
            var values = new JsonValue[items.Length];
            for (var i = 0; i < items.Length; i++)
            {
                var item = items[i].Evaluate(input, context);
                if (!item.IsSuccess)
                {
                    return item;
                }

                values[i] = item.Value;
            }

            return EvaluationResult.Success(JsonArrayValue.FromOwnedArray(values));
        }
    }

    private sealed class ObjectNode((string Name, string Field, Node Node)[] members) : Node
    {
        public override EvaluationResult Evaluate(JsonValue input, EvaluationContext context)
        {
            var values = new KeyValuePair<string, JsonValue>[members.Length];
            for (var i = 0; i < members.Length; i++)
            {
                var (name, _, node) = members[i];
                var value = node.Evaluate(input, context);
                if (!value.IsSuccess)
                {
                    return value;
                }

                values[i] = new(name, value.Value);
            }

            return EvaluationResult.Success(JsonObjectValue.FromOwnedArray(values));
        }
    }
}
