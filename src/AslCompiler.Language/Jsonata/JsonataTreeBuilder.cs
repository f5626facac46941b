using System;
using System.Collections.Generic;
using System.Globalization;

namespace AslCompiler.Language.Jsonata;

/// <summary>
/// JSONata's post-parse stage: turns the raw Pratt tree into the evaluator's tree. Location paths become flat step
/// lists; predicates, group-by, order-by, <c>@</c> and <c>#</c> attach to the step before them; string steps become
/// names; parent operators are matched with the step they refer to; tail calls in lambda bodies become thunks; and
/// the errors JSONata reports at this stage (S0207, S0209, S0210, S0213, S0215, S0216, S0217) are raised.
/// Recursion follows the raw tree, whose height the parser bounded.
/// </summary>
internal sealed class JsonataTreeBuilder
{
    private readonly string _source;
    private int _ancestorIndex;

    public JsonataTreeBuilder(string source) => _source = source;

    public JsonataNode Build(RawNode raw)
    {
        var result = Process(raw);
        if (result.Kind == JsonataNodeKind.Parent || result.SeekingParent is not null)
        {
            throw Failure("S0217", result.Position, NodeTypeName(result), null);
        }

        return result;
    }

    private JsonataNode Process(RawNode expr)
    {
        JsonataNode result;
        switch (expr.Kind)
        {
            case RawKind.Binary when expr.Text == ".":
                result = ProcessDot(expr);
                break;
            case RawKind.Predicate:
                result = ProcessPredicate(expr);
                break;
            case RawKind.GroupBy:
                {
                    result = Process(expr.Lhs!);
                    if (result.GroupBy is not null)
                    {
                        throw Failure("S0210", expr.Start, null, null);
                    }

                    var pairs = new List<JsonataObjectPair>(expr.Pairs!.Count);
                    foreach (var pair in expr.Pairs)
                    {
                        pairs.Add(new JsonataObjectPair(Process(pair.Key), Process(pair.Value)));
                    }

                    result.GroupBy = new JsonataGroupBy(pairs, expr.Start);
                    break;
                }

            case RawKind.OrderBy:
                {
                    result = Process(expr.Lhs!);
                    var path = result as JsonataPathNode ?? new JsonataPathNode(result);
                    result = path;
                    var terms = new List<JsonataSortTerm>(expr.Terms!.Count);
                    var sort = new JsonataSortNode(terms, expr.Start);
                    foreach (var term in expr.Terms)
                    {
                        var expression = Process(term.Value);
                        PushAncestry(sort, expression);
                        terms.Add(new JsonataSortTerm(term.Key, expression));
                    }

                    path.MutableSteps.Add(sort);
                    ResolveAncestry(path);
                    break;
                }

            case RawKind.Bind:
                {
                    var value = Process(expr.Rhs!);
                    var variable = (JsonataVariableNode)Process(expr.Lhs!);
                    result = new JsonataBindNode(variable, value, expr.Start);
                    PushAncestry(result, value);
                    break;
                }

            case RawKind.Focus:
                {
                    result = Process(expr.Lhs!);
                    var step = result is JsonataPathNode path ? path.MutableSteps[path.MutableSteps.Count - 1] : result;
                    if (step.HasStages || step.HasPredicates)
                    {
                        throw Failure("S0215", expr.Start, null, null);
                    }

                    if (step.Kind == JsonataNodeKind.Sort)
                    {
                        throw Failure("S0216", expr.Start, null, null);
                    }

                    if (expr.KeepArray)
                    {
                        step.KeepArray = true;
                    }

                    step.FocusVariable = expr.Rhs!.Text;
                    step.Tuple = true;
                    break;
                }

            case RawKind.Index:
                {
                    result = Process(expr.Lhs!);
                    JsonataNode step;
                    if (result is JsonataPathNode path)
                    {
                        step = path.MutableSteps[path.MutableSteps.Count - 1];
                    }
                    else
                    {
                        step = result;
                        result = new JsonataPathNode(step);
                        step.MovePredicatesToStages();
                    }

                    if (!step.HasStages)
                    {
                        step.IndexVariable = expr.Rhs!.Text;
                    }
                    else
                    {
                        step.AddStage(new JsonataStage(JsonataStageKind.Index, null, expr.Rhs!.Text, expr.Start));
                    }

                    step.Tuple = true;
                    break;
                }

            case RawKind.Apply:
                {
                    var left = Process(expr.Lhs!);
                    var right = Process(expr.Rhs!);
                    result = new JsonataApplyNode(left, right, expr.Start) { KeepArray = left.KeepArray || right.KeepArray };
                    break;
                }

            case RawKind.Binary:
                {
                    var left = Process(expr.Lhs!);
                    var right = Process(expr.Rhs!);
                    result = new JsonataBinaryNode(BinaryOperator(expr.Text), left, right, expr.Start);
                    PushAncestry(result, left);
                    PushAncestry(result, right);
                    break;
                }

            case RawKind.ArrayConstructor:
                {
                    var items = new List<JsonataNode>(expr.Items!.Count);
                    result = new JsonataArrayNode(items, expr.Start);
                    foreach (var item in expr.Items)
                    {
                        var value = Process(item);
                        PushAncestry(result, value);
                        items.Add(value);
                    }

                    break;
                }

            case RawKind.ObjectConstructor:
                {
                    var pairs = new List<JsonataObjectPair>(expr.Pairs!.Count);
                    result = new JsonataObjectNode(pairs, expr.Start);
                    foreach (var pair in expr.Pairs)
                    {
                        var key = Process(pair.Key);
                        PushAncestry(result, key);
                        var value = Process(pair.Value);
                        PushAncestry(result, value);
                        pairs.Add(new JsonataObjectPair(key, value));
                    }

                    break;
                }

            case RawKind.Negate:
                {
                    var operand = Process(expr.Lhs!);
                    if (operand is JsonataNumberNode number)
                    {
                        number.Value = -number.Value;
                        result = number;
                    }
                    else
                    {
                        result = new JsonataNegateNode(operand, expr.Start);
                        PushAncestry(result, operand);
                    }

                    break;
                }

            case RawKind.Call:
            case RawKind.Partial:
                {
                    var arguments = new List<JsonataNode>(expr.Items!.Count);
                    var placeholder = new JsonataPlaceholderNode(expr.Start);
                    var call = new JsonataFunctionCallNode(placeholder, arguments, expr.Kind == RawKind.Partial, expr.Start);
                    foreach (var argument in expr.Items)
                    {
                        var value = Process(argument);
                        PushAncestry(call, value);
                        arguments.Add(value);
                    }

                    result = new JsonataFunctionCallNode(Process(expr.Lhs!), arguments, call.IsPartial, expr.Start)
                    {
                        SeekingParent = call.SeekingParent,
                    };
                    break;
                }

            case RawKind.Lambda:
                {
                    var parameters = new List<string>(expr.Items!.Count);
                    foreach (var parameter in expr.Items)
                    {
                        parameters.Add(parameter.Text);
                    }

                    var body = TailCallOptimize(Process(expr.Rhs!));
                    result = new JsonataLambdaNode(parameters, expr.Signature, body, isThunk: false, expr.Start);
                    break;
                }

            case RawKind.Condition:
                {
                    var condition = Process(expr.Lhs!);
                    var node = new JsonataConditionNode(condition, condition, null, expr.Start);
                    PushAncestry(node, condition);
                    node.Then = Process(expr.Rhs!);
                    PushAncestry(node, node.Then);
                    if (expr.Third is not null)
                    {
                        node.Else = Process(expr.Third);
                        PushAncestry(node, node.Else);
                    }

                    result = node;
                    break;
                }

            case RawKind.Transform:
                {
                    var pattern = Process(expr.Lhs!);
                    var update = Process(expr.Rhs!);
                    var delete = expr.Third is null ? null : Process(expr.Third);
                    result = new JsonataTransformNode(pattern, update, delete, expr.Start);
                    break;
                }

            case RawKind.Block:
                {
                    var expressions = new List<JsonataNode>(expr.Items!.Count);
                    var block = new JsonataBlockNode(expressions, expr.Start);
                    foreach (var item in expr.Items)
                    {
                        var part = Process(item);
                        PushAncestry(block, part);
                        if (part.ConsArray || (part is JsonataPathNode path && path.MutableSteps[0].ConsArray))
                        {
                            block.ConsArray = true;
                        }

                        expressions.Add(part);
                    }

                    result = block;
                    break;
                }

            case RawKind.Name:
            case RawKind.KeywordName:
                {
                    var name = new JsonataNameNode(expr.Text, expr.Start) { KeepArray = expr.KeepArray };
                    result = new JsonataPathNode(name) { KeepSingletonArray = expr.KeepArray };
                    break;
                }

            case RawKind.Parent:
                {
                    var index = _ancestorIndex++;
                    var slot = new JsonataAncestorSlot("!" + index.ToString(CultureInfo.InvariantCulture), 1, index);
                    result = new JsonataParentNode(slot, expr.Start);
                    break;
                }

            case RawKind.Variable:
                result = new JsonataVariableNode(expr.Text, expr.Start);
                break;
            case RawKind.String:
                result = new JsonataStringNode(expr.Text, expr.Start);
                break;
            case RawKind.Number:
                result = new JsonataNumberNode(expr.Number, expr.Start);
                break;
            case RawKind.True:
                result = new JsonataBooleanNode(true, expr.Start);
                break;
            case RawKind.False:
                result = new JsonataBooleanNode(false, expr.Start);
                break;
            case RawKind.Null:
                result = new JsonataNullNode(expr.Start);
                break;
            case RawKind.Regex:
                result = new JsonataRegexNode(expr.Text, expr.Flags ?? string.Empty, expr.Start);
                break;
            case RawKind.Wildcard:
                result = new JsonataWildcardNode(expr.Start);
                break;
            case RawKind.Descendant:
                result = new JsonataDescendantNode(expr.Start);
                break;
            case RawKind.Placeholder:
                result = new JsonataPlaceholderNode(expr.Start);
                break;
            default:
                // The end of the expression where an operand was needed.
                throw Failure("S0207", _source.Length, expr.Display, null);
        }

        if (expr.KeepArray)
        {
            result.KeepArray = true;
        }

        return result;
    }

    private JsonataPathNode ProcessDot(RawNode expr)
    {
        var lstep = Process(expr.Lhs!);
        var result = lstep as JsonataPathNode ?? new JsonataPathNode(lstep);
        if (lstep.Kind == JsonataNodeKind.Parent)
        {
            result.SeekingParent = new List<JsonataAncestorSlot> { ((JsonataParentNode)lstep).Slot };
        }

        var rest = Process(expr.Rhs!);
        var steps = result.MutableSteps;
        if (rest is JsonataPathNode restPath)
        {
            steps.AddRange(restPath.MutableSteps);
        }
        else
        {
            rest.MovePredicatesToStages();
            steps.Add(rest);
        }

        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            switch (step.Kind)
            {
                case JsonataNodeKind.Number:
                    throw Failure("S0213", step.Position, null, JsonataLexer.FormatNumber(((JsonataNumberNode)step).Value));
                case JsonataNodeKind.Boolean:
                    throw Failure("S0213", step.Position, null, ((JsonataBooleanNode)step).Value ? "true" : "false");
                case JsonataNodeKind.Null:
                    throw Failure("S0213", step.Position, null, "null");
                case JsonataNodeKind.String:
                    // A string literal step is a field name.
                    var name = new JsonataNameNode(((JsonataStringNode)step).Value, step.Position);
                    name.CopyAnnotationsFrom(step);
                    steps[i] = name;
                    break;
            }

            if (steps[i].KeepArray)
            {
                result.KeepSingletonArray = true;
            }
        }

        if (steps[0].Kind == JsonataNodeKind.Array)
        {
            steps[0].ConsArray = true;
        }

        if (steps[steps.Count - 1].Kind == JsonataNodeKind.Array)
        {
            steps[steps.Count - 1].ConsArray = true;
        }

        ResolveAncestry(result);
        return result;
    }

    private JsonataNode ProcessPredicate(RawNode expr)
    {
        var result = Process(expr.Lhs!);
        var step = result;
        var inPath = false;
        if (result is JsonataPathNode path)
        {
            step = path.MutableSteps[path.MutableSteps.Count - 1];
            inPath = true;
        }

        if (step.GroupBy is not null)
        {
            throw Failure("S0209", expr.Start, null, null);
        }

        var predicate = Process(expr.Rhs!);
        if (predicate.SeekingParent is not null)
        {
            foreach (var slot in predicate.SeekingParent)
            {
                if (slot.Level == 1)
                {
                    SeekParent(step, slot);
                }
                else
                {
                    slot.Level--;
                }
            }

            PushAncestry(step, predicate);
        }

        var stage = new JsonataStage(JsonataStageKind.Filter, predicate, null, expr.Start);
        if (inPath)
        {
            step.AddStage(stage);
        }
        else
        {
            step.AddPredicate(stage);
        }

        return result;
    }

    /// <summary>Wraps a call in tail position of a lambda body in a thunk, so tail recursion can run in a loop.</summary>
    private static JsonataNode TailCallOptimize(JsonataNode expr)
    {
        switch (expr)
        {
            case JsonataFunctionCallNode call when call.Kind == JsonataNodeKind.FunctionCall && !call.HasPredicates:
                return new JsonataLambdaNode(Array.Empty<string>(), null, expr, isThunk: true, expr.Position);
            case JsonataConditionNode condition:
                condition.Then = TailCallOptimize(condition.Then);
                if (condition.Else is not null)
                {
                    condition.Else = TailCallOptimize(condition.Else);
                }

                return condition;
            case JsonataBlockNode block:
                var expressions = block.MutableExpressions;
                if (expressions.Count > 0)
                {
                    expressions[expressions.Count - 1] = TailCallOptimize(expressions[expressions.Count - 1]);
                }

                return block;
            default:
                return expr;
        }
    }

    /// <summary>Climbs from <paramref name="node"/> towards earlier steps until the slot's levels are used up.</summary>
    private JsonataAncestorSlot SeekParent(JsonataNode node, JsonataAncestorSlot slot)
    {
        switch (node.Kind)
        {
            case JsonataNodeKind.Name:
            case JsonataNodeKind.Wildcard:
                slot.Level--;
                if (slot.Level == 0)
                {
                    if (node.Ancestor is not null)
                    {
                        // Reuse the label of the parent already pointing at this step.
                        slot.Label = node.Ancestor.Label;
                    }

                    node.Ancestor = slot;

                    // The step that a parent operator points at must run as a tuple step, to keep its input.
                    node.Tuple = true;
                }

                break;
            case JsonataNodeKind.Parent:
                slot.Level++;
                break;
            case JsonataNodeKind.Block:
                var expressions = ((JsonataBlockNode)node).MutableExpressions;
                if (expressions.Count > 0)
                {
                    node.Tuple = true;
                    slot = SeekParent(expressions[expressions.Count - 1], slot);
                }

                break;
            case JsonataNodeKind.Path:
                node.Tuple = true;
                var steps = ((JsonataPathNode)node).MutableSteps;
                var index = steps.Count - 1;
                slot = SeekParent(steps[index--], slot);
                while (slot.Level > 0 && index >= 0)
                {
                    slot = SeekParent(steps[index--], slot);
                }

                break;
            default:
                throw Failure("S0217", node.Position, NodeTypeName(node), null);
        }

        return slot;
    }

    private static void PushAncestry(JsonataNode result, JsonataNode value)
    {
        if (value.SeekingParent is null && value.Kind != JsonataNodeKind.Parent)
        {
            return;
        }

        var slots = value.SeekingParent ?? new List<JsonataAncestorSlot>();
        if (value is JsonataParentNode parent)
        {
            slots.Add(parent.Slot);
        }

        if (result.SeekingParent is null)
        {
            result.SeekingParent = slots;
        }
        else
        {
            result.SeekingParent.AddRange(slots);
        }
    }

    private void ResolveAncestry(JsonataPathNode path)
    {
        var steps = path.MutableSteps;
        var last = steps[steps.Count - 1];
        var slots = last.SeekingParent ?? new List<JsonataAncestorSlot>();
        if (last is JsonataParentNode parent)
        {
            slots.Add(parent.Slot);
        }

        for (var s = 0; s < slots.Count; s++)
        {
            var slot = slots[s];
            var index = steps.Count - 2;
            while (slot.Level > 0)
            {
                if (index < 0)
                {
                    (path.SeekingParent ??= new List<JsonataAncestorSlot>()).Add(slot);
                    break;
                }

                var step = steps[index--];

                // Contiguous steps that bind the focus count as one.
                while (index >= 0 && step.FocusVariable is not null && steps[index].FocusVariable is not null)
                {
                    step = steps[index--];
                }

                slot = SeekParent(step, slot);
            }
        }
    }

    private static JsonataBinaryOperator BinaryOperator(string op) => op switch
    {
        "+" => JsonataBinaryOperator.Add,
        "-" => JsonataBinaryOperator.Subtract,
        "*" => JsonataBinaryOperator.Multiply,
        "/" => JsonataBinaryOperator.Divide,
        "%" => JsonataBinaryOperator.Modulo,
        "=" => JsonataBinaryOperator.Equal,
        "!=" => JsonataBinaryOperator.NotEqual,
        "<" => JsonataBinaryOperator.LessThan,
        "<=" => JsonataBinaryOperator.LessThanOrEqual,
        ">" => JsonataBinaryOperator.GreaterThan,
        ">=" => JsonataBinaryOperator.GreaterThanOrEqual,
        "&" => JsonataBinaryOperator.Concat,
        "and" => JsonataBinaryOperator.And,
        "or" => JsonataBinaryOperator.Or,
        "in" => JsonataBinaryOperator.In,
        ".." => JsonataBinaryOperator.Range,
        _ => throw new InvalidOperationException("Unexpected binary operator " + op),
    };

    /// <summary>JSONata's name for the node type, as used in the S0217 message token.</summary>
    private static string NodeTypeName(JsonataNode node) => node.Kind switch
    {
        JsonataNodeKind.Path => "path",
        JsonataNodeKind.Name => "name",
        JsonataNodeKind.Variable => "variable",
        JsonataNodeKind.String => "string",
        JsonataNodeKind.Number => "number",
        JsonataNodeKind.Boolean or JsonataNodeKind.Null => "value",
        JsonataNodeKind.Regex => "regex",
        JsonataNodeKind.Wildcard => "wildcard",
        JsonataNodeKind.Descendant => "descendant",
        JsonataNodeKind.Parent => "parent",
        JsonataNodeKind.Binary => "binary",
        JsonataNodeKind.Negate or JsonataNodeKind.Array or JsonataNodeKind.Object => "unary",
        JsonataNodeKind.Sort => "sort",
        JsonataNodeKind.Bind => "bind",
        JsonataNodeKind.Apply => "apply",
        JsonataNodeKind.FunctionCall => "function",
        JsonataNodeKind.PartialApplication => "partial",
        JsonataNodeKind.Placeholder => "operator",
        JsonataNodeKind.Lambda => "lambda",
        JsonataNodeKind.Condition => "condition",
        JsonataNodeKind.Transform => "transform",
        _ => "block",
    };

    private JsonataParseFailure Failure(string code, int position, string? token, string? value)
    {
        var end = position >= _source.Length ? _source.Length : position + 1;
        return JsonataParseFailure.Create(code, position, end, token, value);
    }
}
