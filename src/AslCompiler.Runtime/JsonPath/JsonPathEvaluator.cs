using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;
using AslCompiler.Language.JsonPath;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.JsonPath;

/// <summary>
/// Evaluates JSONPath over <see cref="JsonValue"/> as Step Functions does (Jayway JsonPath): a definite path gives
/// the value it names (or fails when it names nothing), an indefinite path gives an array of its matches.
/// </summary>
public static class JsonPathEvaluator
{
    private static readonly ConcurrentDictionary<string, object> Cache = new(StringComparer.Ordinal);
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Parses a path once and keeps it (paths in definitions repeat).</summary>
    public static bool TryGetPath(string path, out JsonPathExpression? expression, out JsonPathSyntaxError? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Cache.TryGetValue(path, out var cached))
        {
            expression = cached as JsonPathExpression;
            error = cached as JsonPathSyntaxError;
            return expression is not null;
        }

        var ok = JsonPathParser.TryParse(path, out expression, out error);
        if (Cache.Count < 10_000)
        {
            Cache.TryAdd(path, ok ? expression! : error!);
        }

        return ok;
    }

    /// <summary>Evaluates a path text (parsed once and cached).</summary>
    public static EvaluationResult Evaluate(string path, JsonValue input, EvaluationContext? context = null)
    {
        if (!TryGetPath(path, out var expression, out var error))
        {
            return EvaluationResult.Failure(StatesErrorNames.Runtime, "Invalid path '" + path + "': " + error!.Message);
        }

        return Evaluate(expression!, input, context);
    }

    /// <summary>
    /// Evaluates a parsed path. A definite path that names nothing fails with <c>States.Runtime</c> and Jayway's
    /// message (<c>Invalid path '$.a' : No results for path: $['a']</c>).
    /// </summary>
    public static EvaluationResult Evaluate(JsonPathExpression path, JsonValue input, EvaluationContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        context ??= EvaluationContext.Empty;
        if (!TryGetRoot(path, input, context, out var root, out var failure))
        {
            return failure;
        }

        if (path.IsDefinite)
        {
            var current = root;
            var segments = path.Segments;
            for (var i = 0; i < segments.Count; i++)
            {
                var next = StepDefinite(current, segments[i]);
                if (next.IsUndefined)
                {
                    var where = i == segments.Count - 1 ? "No results for path: " : "Missing property in path ";
                    return EvaluationResult.Failure(StatesErrorNames.Runtime, "Invalid path '" + path.Text + "' : " + where + CanonicalPath(path, i + 1));
                }

                current = next;
            }

            return EvaluationResult.Success(current);
        }

        var matches = Select(path, root, input, context);
        if (path.Function is not null)
        {
            return ApplyFunction(path, matches);
        }

        return EvaluationResult.Success(JsonArrayValue.FromOwnedArray(matches.ToArray()));
    }

    /// <summary>
    /// Evaluates a path and reports whether it named anything: for a definite path, whether the node exists; for
    /// an indefinite one, the array of matches (always present).
    /// </summary>
    public static bool TryEvaluate(JsonPathExpression path, JsonValue input, EvaluationContext? context, out JsonValue value)
    {
        var result = Evaluate(path, input, context);
        value = result.Value;
        return result.IsSuccess;
    }

    private static bool TryGetRoot(JsonPathExpression path, JsonValue input, EvaluationContext context, out JsonValue root, out EvaluationResult failure)
    {
        failure = default;
        switch (path.Root)
        {
            case JsonPathRoot.Context:
                root = context.ContextObject;
                return true;
            case JsonPathRoot.Variable:
                if (context.Variables.TryGetValue(path.VariableName!, out root))
                {
                    return true;
                }

                failure = EvaluationResult.Failure(StatesErrorNames.Runtime, "Invalid path '" + path.Text + "': The variable '" + path.VariableName + "' is not defined.");
                return false;
            default:
                root = input;
                return true;
        }
    }

    /// <summary>Jayway's canonical form of the first <paramref name="count"/> segments, e.g. <c>$['a'][0]</c>.</summary>
    internal static string CanonicalPath(JsonPathExpression path, int count)
    {
        var sb = new StringBuilder(path.Root == JsonPathRoot.Context ? "$$" : path.Root == JsonPathRoot.Variable ? "$" + path.VariableName : "$");
        for (var i = 0; i < count && i < path.Segments.Count; i++)
        {
            switch (path.Segments[i])
            {
                case JsonPathPropertySegment p:
                    sb.Append("['").Append(p.Name).Append("']");
                    break;
                case JsonPathIndexSegment x:
                    sb.Append('[').Append(x.Indexes[0]).Append(']');
                    break;
            }
        }

        return sb.ToString();
    }

    private static JsonValue StepDefinite(JsonValue current, JsonPathSegment segment)
    {
        switch (segment)
        {
            case JsonPathPropertySegment { Names.Count: > 1 } union:
                return current.TryGetObject(out var source) ? PickMembers(source, union.Names) : default;
            case JsonPathPropertySegment property:
                return current.TryGetObject(out var obj) && obj.TryGetValue(property.Name, out var value) ? value : default;
            case JsonPathIndexSegment index:
                if (!current.TryGetArray(out var array))
                {
                    return default;
                }

                var i = index.Indexes[0];
                if (i < 0)
                {
                    i += array.Count;
                }

                return (uint)i < (uint)array.Count ? array[i] : default;
            default:
                return default;
        }
    }

    /// <summary>All matches of a path from <paramref name="root"/>, in Jayway's order.</summary>
    internal static List<JsonValue> Select(JsonPathExpression path, JsonValue root, JsonValue document, EvaluationContext context)
    {
        var current = new List<JsonValue> { root };
        var next = new List<JsonValue>();
        for (var s = 0; s < path.Segments.Count; s++)
        {
            var segment = path.Segments[s];
            next.Clear();
            if (segment is JsonPathPropertySegment { Names.Count: > 1 } union && s < path.Segments.Count - 1)
            {
                // Before further segments, Jayway treats ['a','b'] as a union of values, not a merged object.
                foreach (var node in current)
                {
                    if (node.TryGetObject(out var obj))
                    {
                        foreach (var name in union.Names)
                        {
                            if (obj.TryGetValue(name, out var v))
                            {
                                next.Add(v);
                            }
                        }
                    }
                }
            }
            else
            {
                foreach (var node in current)
                {
                    Apply(segment, node, next, document, context, depth: 0);
                }
            }

            (current, next) = (next, current);
        }

        return current;
    }

    private static void Apply(JsonPathSegment segment, JsonValue node, List<JsonValue> output, JsonValue document, EvaluationContext context, int depth)
    {
        switch (segment)
        {
            case JsonPathPropertySegment { Names.Count: > 1 } union:
                if (node.TryGetObject(out var source) && (depth == 0 || HasAll(source, union.Names)))
                {
                    output.Add(PickMembers(source, union.Names));
                }

                break;
            case JsonPathPropertySegment property:
                if (node.TryGetObject(out var obj))
                {
                    foreach (var name in property.Names)
                    {
                        if (obj.TryGetValue(name, out var v))
                        {
                            output.Add(v);
                        }
                    }
                }

                break;
            case JsonPathIndexSegment index:
                if (node.TryGetArray(out var array))
                {
                    foreach (var raw in index.Indexes)
                    {
                        var i = raw < 0 ? raw + array.Count : raw;
                        if ((uint)i < (uint)array.Count)
                        {
                            output.Add(array[i]);
                        }
                    }
                }

                break;
            case JsonPathSliceSegment slice:
                if (node.TryGetArray(out var items))
                {
                    var count = items.Count;
                    var start = slice.Start ?? 0;
                    var end = slice.End ?? count;
                    start = start < 0 ? Math.Max(0, start + count) : Math.Min(start, count);
                    end = end < 0 ? Math.Max(0, end + count) : Math.Min(end, count);
                    for (var i = start; i < end; i++)
                    {
                        output.Add(items[i]);
                    }
                }

                break;
            case JsonPathWildcardSegment:
                AddChildren(node, output);
                break;
            case JsonPathFilterSegment filter:
                if (node.TryGetArray(out var candidates))
                {
                    foreach (var item in candidates.AsSpan())
                    {
                        if (Test(filter.Filter, item, document, context))
                        {
                            output.Add(item);
                        }
                    }
                }
                else if (node.IsObject && Test(filter.Filter, node, document, context))
                {
                    output.Add(node);
                }

                break;
            case JsonPathDescendantSegment { Selector: JsonPathFilterSegment scanFilter }:
                ScanFilter(scanFilter.Filter, node, output, document, context, depth);
                break;
            case JsonPathDescendantSegment descendant:
                if (depth > 1000)
                {
                    return;
                }

                Apply(descendant.Selector, node, output, document, context, depth + 1);
                if (node.TryGetObject(out var members))
                {
                    foreach (var member in members.AsSpan())
                    {
                        if (member.Value.IsObject || member.Value.IsArray)
                        {
                            Apply(segment, member.Value, output, document, context, depth + 1);
                        }
                    }
                }
                else if (node.TryGetArray(out var children))
                {
                    foreach (var child in children.AsSpan())
                    {
                        if (child.IsObject || child.IsArray)
                        {
                            Apply(segment, child, output, document, context, depth + 1);
                        }
                    }
                }

                break;
        }
    }

    // Jayway merges a multi-name bracket ['a','b'] into an object of the members present.
    private static JsonValue PickMembers(JsonObjectValue source, IReadOnlyList<string> names)
    {
        var builder = new JsonObjectBuilder(names.Count);
        foreach (var name in names)
        {
            if (source.TryGetValue(name, out var value))
            {
                builder.Set(name, value);
            }
        }

        return builder.ToObject();
    }

    private static bool HasAll(JsonObjectValue source, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            if (!source.ContainsKey(name))
            {
                return false;
            }
        }

        return true;
    }

    // A filter after '..' tests every object in the tree once (Jayway's scan predicate), not array items twice.
    private static void ScanFilter(JsonPathFilter filter, JsonValue node, List<JsonValue> output, JsonValue document, EvaluationContext context, int depth)
    {
        if (depth > 1000)
        {
            return;
        }

        if (node.TryGetObject(out var obj))
        {
            if (Test(filter, node, document, context))
            {
                output.Add(node);
            }

            foreach (var member in obj.AsSpan())
            {
                ScanFilter(filter, member.Value, output, document, context, depth + 1);
            }
        }
        else if (node.TryGetArray(out var array))
        {
            foreach (var item in array.AsSpan())
            {
                ScanFilter(filter, item, output, document, context, depth + 1);
            }
        }
    }

    private static void AddChildren(JsonValue node, List<JsonValue> output)
    {
        if (node.TryGetObject(out var obj))
        {
            foreach (var member in obj.AsSpan())
            {
                output.Add(member.Value);
            }
        }
        else if (node.TryGetArray(out var array))
        {
            output.AddRange(array.AsSpan());
        }
    }

    private static EvaluationResult ApplyFunction(JsonPathExpression path, List<JsonValue> matches)
    {
        // The function applies to what the path before it names: a single node for a definite prefix.
        var definitePrefix = true;
        foreach (var segment in path.Segments)
        {
            definitePrefix &= segment.IsDefinite && segment is not JsonPathWildcardSegment;
        }

        JsonValue target = definitePrefix && matches.Count == 1 ? matches[0] : JsonArrayValue.FromOwnedArray(matches.ToArray());
        switch (path.Function)
        {
            case "length":
            case "size":
                if (target.TryGetArray(out var array))
                {
                    return EvaluationResult.Success(array.Count);
                }

                if (target.TryGetString(out var s))
                {
                    return EvaluationResult.Success(s.Length);
                }

                if (target.TryGetObject(out var obj))
                {
                    return EvaluationResult.Success(obj.Count);
                }

                break;
        }

        return EvaluationResult.Failure(StatesErrorNames.Runtime, "Invalid path '" + path.Text + "' : Function " + path.Function + "() cannot be applied here.");
    }

    private static bool Test(JsonPathFilter filter, JsonValue current, JsonValue document, EvaluationContext context)
    {
        switch (filter)
        {
            case JsonPathLogicalFilter logical:
                return logical.IsAnd
                    ? Test(logical.Left, current, document, context) && Test(logical.Right, current, document, context)
                    : Test(logical.Left, current, document, context) || Test(logical.Right, current, document, context);
            case JsonPathNotFilter not:
                return !Test(not.Operand, current, document, context);
            case JsonPathExistsFilter exists:
                var operand = Resolve(exists.Operand, current, document, context);
                return exists.Operand is JsonPathPathOperand ? !operand.IsUndefined : operand.IsTrue;
            case JsonPathComparisonFilter comparison:
                return Compare(comparison, current, document, context);
            default:
                return false;
        }
    }

    private static JsonValue Resolve(JsonPathOperand operand, JsonValue current, JsonValue document, EvaluationContext context)
    {
        switch (operand)
        {
            case JsonPathPathOperand p:
                var path = p.Path;
                var root = path.Root switch
                {
                    JsonPathRoot.Current => current,
                    JsonPathRoot.Context => context.ContextObject,
                    JsonPathRoot.Variable => context.Variables.TryGetValue(path.VariableName!, out var v) ? v : default,
                    _ => document,
                };
                if (root.IsUndefined)
                {
                    return default;
                }

                if (path.IsDefinite)
                {
                    var node = root;
                    foreach (var segment in path.Segments)
                    {
                        node = StepDefinite(node, segment);
                        if (node.IsUndefined)
                        {
                            return default;
                        }
                    }

                    return node;
                }

                var matches = Select(path, root, document, context);
                if (path.Function is not null)
                {
                    var r = ApplyFunction(path, matches);
                    return r.IsSuccess ? r.Value : default;
                }

                return JsonArrayValue.FromOwnedArray(matches.ToArray());
            case JsonPathLiteralOperand literal:
                return LiteralValue(literal);
            default:
                return default;
        }
    }

    private static readonly ConcurrentDictionary<JsonPathLiteralOperand, JsonValue> Literals = new();

    private static JsonValue LiteralValue(JsonPathLiteralOperand literal)
    {
        switch (literal.Kind)
        {
            case JsonPathLiteralKind.String:
            case JsonPathLiteralKind.Regex:
                return literal.Text;
            case JsonPathLiteralKind.Number:
                return JsonValue.NumberFromText(NormalizeNumber(literal.Text));
            case JsonPathLiteralKind.Boolean:
                return literal.Text == "true";
            case JsonPathLiteralKind.Null:
                return JsonValue.Null;
            default:
                return Literals.GetOrAdd(literal, static l =>
                {
                    var text = l.Text.Replace('\'', '"');
                    return JsonValue.TryParse(text, out var v, out _) ? v : default;
                });
        }
    }

    private static string NormalizeNumber(string text)
    {
        // Filter literals may be spelled loosely (e.g. "1." or "01"); read them as doubles when not strict JSON.
        if (JsonValue.TryParseNumberText(text, out _))
        {
            return text;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? JsonValue.FromNumber(d).ToJsonString()
            : "0";
    }

    private static bool Compare(JsonPathComparisonFilter comparison, JsonValue current, JsonValue document, EvaluationContext context)
    {
        var left = Resolve(comparison.Left, current, document, context);
        var right = Resolve(comparison.Right, current, document, context);
        switch (comparison.Operator)
        {
            case JsonPathComparisonOperator.Equal:
                return FilterEquals(left, right);
            case JsonPathComparisonOperator.NotEqual:
                return !FilterEquals(left, right);
            case JsonPathComparisonOperator.LessThan:
                return Order(left, right) is int lt && lt < 0;
            case JsonPathComparisonOperator.LessThanOrEqual:
                return Order(left, right) is int le && le <= 0;
            case JsonPathComparisonOperator.GreaterThan:
                return Order(left, right) is int gt && gt > 0;
            case JsonPathComparisonOperator.GreaterThanOrEqual:
                return Order(left, right) is int ge && ge >= 0;
            case JsonPathComparisonOperator.Matches:
                if (!left.TryGetString(out var text) || comparison.Right is not JsonPathLiteralOperand { Kind: JsonPathLiteralKind.Regex } regex)
                {
                    return false;
                }

                try
                {
                    var options = RegexOptions.CultureInvariant;
                    if (regex.Flags.Contains('i', StringComparison.Ordinal))
                    {
                        options |= RegexOptions.IgnoreCase;
                    }

                    // Jayway uses Java's Matcher.matches(): the whole string must match.
                    return Regex.IsMatch(text, @"\A(?:" + regex.Text + @")\z", options, RegexTimeout);
                }
                catch (ArgumentException)
                {
                    return false;
                }
                catch (RegexMatchTimeoutException)
                {
                    return false;
                }

            case JsonPathComparisonOperator.In:
                return right.TryGetArray(out var inArray) && Contains(inArray, left);
            case JsonPathComparisonOperator.NotIn:
                return right.TryGetArray(out var ninArray) && !Contains(ninArray, left);
            case JsonPathComparisonOperator.SubsetOf:
                if (!left.TryGetArray(out var subset) || !right.TryGetArray(out var superset))
                {
                    return false;
                }

                foreach (var item in subset.AsSpan())
                {
                    if (!Contains(superset, item))
                    {
                        return false;
                    }
                }

                return true;
            case JsonPathComparisonOperator.AnyOf:
            case JsonPathComparisonOperator.NoneOf:
                if (!left.TryGetArray(out var a) || !right.TryGetArray(out var b))
                {
                    return false;
                }

                var any = false;
                foreach (var item in a.AsSpan())
                {
                    any |= Contains(b, item);
                }

                return comparison.Operator == JsonPathComparisonOperator.AnyOf ? any : !any;
            case JsonPathComparisonOperator.Size:
                if (!right.TryGetInt32(out var size))
                {
                    return false;
                }

                return (left.TryGetArray(out var sized) && sized.Count == size) || (left.TryGetString(out var str) && str.Length == size);
            case JsonPathComparisonOperator.Empty:
                var isEmpty = (left.TryGetArray(out var ea) && ea.Count == 0) || (left.TryGetString(out var es) && es.Length == 0);
                var nonEmpty = (left.TryGetArray(out var na) && na.Count > 0) || (left.TryGetString(out var ns) && ns.Length > 0);
                return right.IsTrue ? isEmpty : nonEmpty;
            default:
                return false;
        }
    }

    // Jayway compares a number with a string by value: 42 == '42' and 010 == '10'.
    private static bool FilterEquals(JsonValue left, JsonValue right)
    {
        if (left.IsUndefined || right.IsUndefined)
        {
            return false;
        }

        // (Jayway compares the number's text with the string, so '-0.123e2' does not equal -12.3.)
        if (left.IsNumber && right.TryGetString(out var rs))
        {
            return string.Equals(left.ToJsonString(), rs, StringComparison.Ordinal);
        }

        if (right.IsNumber && left.TryGetString(out var ls))
        {
            return string.Equals(right.ToJsonString(), ls, StringComparison.Ordinal);
        }

        return left.Equals(right);
    }

    private static bool Contains(JsonArrayValue array, JsonValue value)
    {
        foreach (var item in array.AsSpan())
        {
            if (item.Equals(value))
            {
                return true;
            }
        }

        return false;
    }

    private static int? Order(JsonValue left, JsonValue right)
    {
        if (left.IsNumber && right.IsNumber)
        {
            return JsonValue.CompareNumbers(left, right);
        }

        if (left.TryGetString(out var l) && right.TryGetString(out var r))
        {
            return string.CompareOrdinal(l, r);
        }

        return null;
    }
}
