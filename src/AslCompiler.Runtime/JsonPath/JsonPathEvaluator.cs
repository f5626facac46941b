using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text;
using AslCompiler.Language.JsonPath;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.JsonPath;

/// <summary>How an indefinite path that cannot apply after a definite prefix (<c>$.missing[*]</c>, <c>$.object[0:2]</c>) ends.</summary>
public enum JsonPathErrorMode
{
    /// <summary>As Step Functions does (recorded on AWS): the path gives the empty array.</summary>
    StepFunctions,

    /// <summary>As Jayway JsonPath's default configuration does: PathNotFoundException, here a <c>States.Runtime</c> failure.</summary>
    Jayway,
}

/// <summary>
/// Evaluates JSONPath over <see cref="JsonValue"/> as Step Functions does (Jayway JsonPath): a definite path gives
/// the value it names (or fails when it names nothing), an indefinite path gives an array of its matches.
/// </summary>
public static class JsonPathEvaluator
{
    private static readonly ConcurrentDictionary<string, object> Cache = new(StringComparer.Ordinal);

    /// <summary>
    /// Parses a path once and keeps it (paths in definitions repeat). The evaluator reads everything Jayway reads
    /// (<see cref="JsonPathDialect.Jayway"/>); what a definition may contain is the validator's business.
    /// </summary>
    public static bool TryGetPath(string path, out JsonPathExpression? expression, out JsonPathSyntaxError? error)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Cache.TryGetValue(path, out var cached))
        {
            expression = cached as JsonPathExpression;
            error = cached as JsonPathSyntaxError;
            return expression is not null;
        }

        var ok = JsonPathParser.TryParse(path, JsonPathDialect.Jayway, out expression, out error);
        if (Cache.Count < 10_000)
        {
            Cache.TryAdd(path, ok ? expression! : error!);
        }

        return ok;
    }

    /// <summary>Evaluates a path text (parsed once and cached).</summary>
    public static EvaluationResult Evaluate(string path, JsonValue input, EvaluationContext? context = null) =>
        Evaluate(path, input, context, JsonPathErrorMode.StepFunctions);

    /// <summary>Evaluates a path text (parsed once and cached) with the given error behaviour.</summary>
    public static EvaluationResult Evaluate(string path, JsonValue input, EvaluationContext? context, JsonPathErrorMode mode)
    {
        if (!TryGetPath(path, out var expression, out var error))
        {
            return EvaluationResult.Failure(StatesErrorNames.Runtime, "Invalid path '" + path + "': " + error!.Message);
        }

        return Evaluate(expression!, input, context, mode);
    }

    /// <summary>
    /// Evaluates a parsed path. A definite path that names nothing fails with <c>States.Runtime</c> and Jayway's
    /// message (<c>Invalid path '$.a' : No results for path: $['a']</c>).
    /// </summary>
    public static EvaluationResult Evaluate(JsonPathExpression path, JsonValue input, EvaluationContext? context = null) =>
        Evaluate(path, input, context, JsonPathErrorMode.StepFunctions);

    /// <summary>
    /// Evaluates a parsed path. With <see cref="JsonPathErrorMode.Jayway"/>, an indefinite path also fails where
    /// Jayway's default configuration throws PathNotFoundException (a step after a definite prefix that cannot apply);
    /// Step Functions gives the empty array there.
    /// </summary>
    public static EvaluationResult Evaluate(JsonPathExpression path, JsonValue input, EvaluationContext? context, JsonPathErrorMode mode) =>
        Evaluate(path, input, context, mode, JsonPathLimits.Default);

    /// <summary>Evaluates a parsed path within the given limits (tests use small ones).</summary>
    internal static EvaluationResult Evaluate(JsonPathExpression path, JsonValue input, EvaluationContext? context, JsonPathErrorMode mode, JsonPathLimits limits)
    {
        ArgumentNullException.ThrowIfNull(path);
        context ??= EvaluationContext.Empty;
        if (path.Function is not null && path.Function != "length" && mode == JsonPathErrorMode.StepFunctions)
        {
            // Step Functions evaluates length() (its documentation names it, as unsupported in reference paths only),
            // not Jayway's other path functions: "$.Jobs.sum()" in Parameters "could not be found in the input"
            // (reported from AWS).
            return EvaluationResult.Failure(
                StatesErrorNames.Runtime,
                "Invalid path '" + path.Text + "' : No results for path: " + CanonicalPath(path, path.Segments.Count) + "['" + path.Function + "()']");
        }

        if (path.IsDefinite && path.Root == JsonPathRoot.Context && context.MapItemIndex >= 0 && StartsWithMapItemValue(path))
        {
            // $$.Map.Item.Value...: the item the context object would hold, without building it.
            return StepsDefinite(path, context.MapItemValue, 3);
        }

        if (path.IsDefinite && path.Root == JsonPathRoot.Context && context.Frame is { } frame && path.Segments.Count > 0 &&
            path.Segments[0] is JsonPathPropertySegment { Names.Count: 1 } first && frame.TryGetContextMember(first.Name, out var member))
        {
            // $$.Execution..., $$.StateMachine..., $$.Task...: the member the context object would hold, without building it.
            return member.IsUndefined ? NotFound(path, 0) : StepsDefinite(path, member, 1);
        }

        if (!TryGetRoot(path, input, context, out var root, out var failure))
        {
            return failure;
        }

        if (path.IsDefinite)
        {
            return StepsDefinite(path, root, 0);
        }

        if (JsonPathRun.InvalidRegex(path) is { } invalid)
        {
            return EvaluationResult.Failure(StatesErrorNames.Runtime, "Invalid path '" + path.Text + "' : " + invalid);
        }

        string? notFound = null;
        List<JsonValue> matches;
        try
        {
            matches = Select(path, root, new JsonPathRun(input, context, limits), ref notFound);
        }
        catch (JsonPathRunException e)
        {
            return EvaluationResult.Failure(StatesErrorNames.Runtime, "Invalid path '" + path.Text + "' : " + e.Message);
        }

        if (notFound is not null && mode == JsonPathErrorMode.Jayway)
        {
            return EvaluationResult.Failure(StatesErrorNames.Runtime, "Invalid path '" + path.Text + "' : " + notFound);
        }

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

    /// <summary>The steps of a definite path from segment <paramref name="start"/>, from <paramref name="current"/> (Jayway's messages when one names nothing).</summary>
    private static EvaluationResult StepsDefinite(JsonPathExpression path, JsonValue current, int start)
    {
        var segments = path.Segments;
        for (var i = start; i < segments.Count; i++)
        {
            var next = StepDefinite(current, segments[i]);
            if (next.IsUndefined)
            {
                return NotFound(path, i);
            }

            current = next;
        }

        return EvaluationResult.Success(current);
    }

    /// <summary>Jayway's failure of a definite path whose segment <paramref name="index"/> names nothing.</summary>
    private static EvaluationResult NotFound(JsonPathExpression path, int index)
    {
        var where = index == path.Segments.Count - 1 ? "No results for path: " : "Missing property in path ";
        return EvaluationResult.Failure(StatesErrorNames.Runtime, "Invalid path '" + path.Text + "' : " + where + CanonicalPath(path, index + 1));
    }

    private static bool StartsWithMapItemValue(JsonPathExpression path)
    {
        var s = path.Segments;
        return s.Count >= 3 && s[0] is JsonPathPropertySegment { Name: "Map", Names.Count: 1 } && s[1] is JsonPathPropertySegment { Name: "Item", Names.Count: 1 }
            && s[2] is JsonPathPropertySegment { Name: "Value", Names.Count: 1 };
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

    /// <summary>
    /// All matches of a path from <paramref name="root"/>, in Jayway's order. While every segment so far named one
    /// node (Jayway's "upstream definite"), a step that cannot apply to that node sets <paramref name="notFound"/>
    /// to Jayway's PathNotFoundException message instead of matching nothing.
    /// </summary>
    private static List<JsonValue> Select(JsonPathExpression path, JsonValue root, JsonPathRun run, ref string? notFound)
    {
        var current = new List<JsonValue> { root };
        var next = new List<JsonValue>();
        var upstreamDefinite = true;
        for (var s = 0; s < path.Segments.Count; s++)
        {
            var segment = path.Segments[s];
            next.Clear();
            if (upstreamDefinite && current.Count == 1)
            {
                notFound = CheckDefiniteStep(path, s, current[0]);
                if (notFound is not null)
                {
                    current.Clear();
                    return current;
                }
            }

            upstreamDefinite &= segment.IsDefinite && !(segment is JsonPathPropertySegment p && p.Names.Count > 1 && s < path.Segments.Count - 1);
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
                                run.Add(next, v);
                            }
                        }
                    }
                }
            }
            else
            {
                foreach (var node in current)
                {
                    Apply(segment, node, next, run, depth: 0);
                }
            }

            (current, next) = (next, current);
        }

        return current;
    }

    // Jayway throws PathNotFoundException (or InvalidPathException for a filter) when a token after a definite
    // prefix meets a node it cannot apply to; elsewhere it skips the node.
    private static string? CheckDefiniteStep(JsonPathExpression path, int index, JsonValue node)
    {
        var segment = path.Segments[index];
        switch (segment)
        {
            case JsonPathPropertySegment { Names.Count: 1 } property:
                if (!node.TryGetObject(out var obj))
                {
                    return "Expected to find an object with property ['" + property.Name + "'] in path " + CanonicalPath(path, index) +
                        " but found '" + Describe(node) + "'. This is not a json object.";
                }

                // Only a member that further tokens (or a function) read from must exist.
                return (index < path.Segments.Count - 1 || path.Function is not null) && !obj.ContainsKey(property.Name)
                    ? "Missing property in path " + CanonicalPath(path, index + 1)
                    : null;
            case JsonPathIndexSegment:
            case JsonPathSliceSegment:
                if (node.IsNull)
                {
                    return "The path " + CanonicalPath(path, index) + " is null";
                }

                return node.IsArray ? null : "Filter: " + SegmentText(segment) + " can only be applied to arrays. Current context is: " + node.ToJsonString();
            case JsonPathFilterSegment:
                return node.IsArray || node.IsObject ? null : "Filter: [?] can not be applied to primitives. Current context is: " + node.ToJsonString();
            default:
                return null;
        }
    }

    private static string Describe(JsonValue node) => node.Kind switch
    {
        JsonKind.Null => "null",
        JsonKind.Array => "java.util.ArrayList",
        JsonKind.String => "java.lang.String",
        JsonKind.Boolean => "java.lang.Boolean",
        _ => "java.lang.Number",
    };

    private static string SegmentText(JsonPathSegment segment) => segment switch
    {
        JsonPathIndexSegment x => "[" + string.Join(",", x.Indexes) + "]",
        JsonPathSliceSegment slice => "[" + slice.Start?.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + slice.End?.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]",
        _ => string.Empty,
    };

    private static void Apply(JsonPathSegment segment, JsonValue node, List<JsonValue> output, JsonPathRun run, int depth)
    {
        run.Spend(1);
        switch (segment)
        {
            case JsonPathPropertySegment { Names.Count: > 1 } union:
                if (node.TryGetObject(out var source) && (depth == 0 || HasAll(source, union.Names)))
                {
                    run.Add(output, PickMembers(source, union.Names));
                }

                break;
            case JsonPathPropertySegment property:
                if (node.TryGetObject(out var obj))
                {
                    foreach (var name in property.Names)
                    {
                        if (obj.TryGetValue(name, out var v))
                        {
                            run.Add(output, v);
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
                            run.Add(output, array[i]);
                        }
                    }
                }

                break;
            case JsonPathSliceSegment slice:
                if (node.TryGetArray(out var items))
                {
                    Slice(slice, items, output, run);
                }

                break;
            case JsonPathWildcardSegment:
                AddChildren(node, output, run);
                break;
            case JsonPathFilterSegment filter:
                if (node.TryGetArray(out var candidates))
                {
                    foreach (var item in candidates.AsSpan())
                    {
                        if (Test(filter.Filter, item, run))
                        {
                            run.Add(output, item);
                        }
                    }
                }
                else if (node.IsObject && Test(filter.Filter, node, run))
                {
                    run.Add(output, node);
                }

                break;
            case JsonPathDescendantSegment { Selector: JsonPathFilterSegment scanFilter }:
                ScanFilter(scanFilter.Filter, node, output, run, depth);
                break;
            case JsonPathDescendantSegment descendant:
                if (depth > 1000)
                {
                    return;
                }

                Apply(descendant.Selector, node, output, run, depth + 1);
                if (node.TryGetObject(out var members))
                {
                    foreach (var member in members.AsSpan())
                    {
                        if (member.Value.IsObject || member.Value.IsArray)
                        {
                            Apply(segment, member.Value, output, run, depth + 1);
                        }
                    }
                }
                else if (node.TryGetArray(out var children))
                {
                    foreach (var child in children.AsSpan())
                    {
                        if (child.IsObject || child.IsArray)
                        {
                            Apply(segment, child, output, run, depth + 1);
                        }
                    }
                }

                break;
        }
    }

    // Jayway's three slice forms (ArraySliceToken): [from:] and [:to] count a negative bound from the end, but
    // [from:to] does not: it walks from..to-1 and reads each index as an index, so [-4:1] of six items gives the
    // items 2,3,4,5,0 and [3:-2] gives nothing. Indexes that stay out of range are skipped. The step is ignored.
    private static void Slice(JsonPathSliceSegment slice, JsonArrayValue items, List<JsonValue> output, JsonPathRun run)
    {
        var length = items.Count;
        if (length == 0)
        {
            return;
        }

        long from;
        long to;
        if (slice.End is null)
        {
            from = slice.Start!.Value;
            from = Math.Max(0, from < 0 ? length + from : from);
            to = length;
        }
        else if (slice.Start is null)
        {
            to = slice.End.Value;
            to = Math.Min(length, to < 0 ? length + to : to);
            from = 0;
        }
        else
        {
            // Indexes below -length stay out of range however they are read, so the walk starts at -length at the
            // earliest: at most 2 * length indexes, whatever the bounds ([-2147483648:2147483647] of two items).
            from = Math.Max(-length, slice.Start.Value);
            to = Math.Min(length, slice.End.Value);
        }

        if (to > from)
        {
            run.Spend(to - from);
        }

        for (var i = from; i < to; i++)
        {
            var effective = i < 0 ? i + length : i;
            if (effective >= 0 && effective < length)
            {
                output.Add(items[(int)effective]);
            }
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

    // A filter after '..' follows Jayway's scan (ScanPathToken.walk with the filter as predicate): an object in the
    // tree is a match when it passes the filter; an array that itself passes the filter (@ being the array, as in
    // $..[?(!@.deleted)]) adds its items that pass, primitives included, before its items are walked. So an object
    // item of such an array comes twice, and every array that fails the filter (most do) adds nothing by itself.
    private static void ScanFilter(JsonPathFilter filter, JsonValue node, List<JsonValue> output, JsonPathRun run, int depth)
    {
        if (depth > 1000)
        {
            return;
        }

        run.Spend(1);
        if (node.TryGetObject(out var obj))
        {
            if (Test(filter, node, run))
            {
                run.Add(output, node);
            }

            foreach (var member in obj.AsSpan())
            {
                ScanFilter(filter, member.Value, output, run, depth + 1);
            }
        }
        else if (node.TryGetArray(out var array))
        {
            if (Test(filter, node, run))
            {
                foreach (var item in array.AsSpan())
                {
                    if (Test(filter, item, run))
                    {
                        run.Add(output, item);
                    }
                }
            }

            foreach (var item in array.AsSpan())
            {
                ScanFilter(filter, item, output, run, depth + 1);
            }
        }
    }

    private static void AddChildren(JsonValue node, List<JsonValue> output, JsonPathRun run)
    {
        if (node.TryGetObject(out var obj))
        {
            run.Spend(obj.Count);
            foreach (var member in obj.AsSpan())
            {
                output.Add(member.Value);
            }
        }
        else if (node.TryGetArray(out var array))
        {
            run.Spend(array.Count);
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
            case "sum":
            case "min":
            case "max":
            case "avg":
            case "stddev":
                return Aggregate(path, target);
            case "first":
            case "last":
                if (target.TryGetArray(out var list) && list.Count > 0)
                {
                    return EvaluationResult.Success(path.Function == "first" ? list[0] : list[list.Count - 1]);
                }

                return EvaluationResult.Failure(StatesErrorNames.Runtime, "Invalid path '" + path.Text + "' : Aggregation function attempted to calculate value using empty array");
            case "keys":
                if (target.TryGetObject(out var members))
                {
                    var keys = new JsonValue[members.Count];
                    var k = 0;
                    foreach (var member in members.AsSpan())
                    {
                        keys[k++] = member.Key;
                    }

                    return EvaluationResult.Success(JsonArrayValue.FromOwnedArray(keys));
                }

                return EvaluationResult.Success(JsonValue.Null);
        }

        return EvaluationResult.Failure(StatesErrorNames.Runtime, "Invalid path '" + path.Text + "' : Function " + path.Function + "() cannot be applied here.");
    }

    // Jayway's numeric functions (AbstractAggregation) read the numbers among the array's items, in doubles; with no
    // number at all they fail ("Aggregation function attempted to calculate value using empty array").
    private static EvaluationResult Aggregate(JsonPathExpression path, JsonValue target)
    {
        double sum = 0, sumOfSquares = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        var count = 0;
        if (target.TryGetArray(out var array))
        {
            foreach (var item in array.AsSpan())
            {
                if (item.TryGetDouble(out var d))
                {
                    sum += d;
                    sumOfSquares += d * d;
                    min = Math.Min(min, d);
                    max = Math.Max(max, d);
                    count++;
                }
            }
        }

        if (count == 0)
        {
            return EvaluationResult.Failure(StatesErrorNames.Runtime, "Invalid path '" + path.Text + "' : Aggregation function attempted to calculate value using empty array");
        }

        var value = path.Function switch
        {
            "sum" => sum,
            "min" => min,
            "max" => max,
            "avg" => sum / count,
            _ => Math.Sqrt(Math.Max(0, (sumOfSquares / count) - ((sum / count) * (sum / count)))),
        };
        return double.IsFinite(value)
            ? EvaluationResult.Success(JsonValue.FromNumber(value))
            : EvaluationResult.Failure(StatesErrorNames.Runtime, "Invalid path '" + path.Text + "' : The result of " + path.Function + "() is not a finite number.");
    }

    private static bool Test(JsonPathFilter filter, JsonValue current, JsonPathRun run) => TestOrReject(filter, current, run) == true;

    // Null when a comparison rejects the item outright: Jayway throws InvalidPathException there (in/nin on a
    // right side that is no list, subsetof/anyof/noneof on a side that is neither list nor object) and its filter
    // token takes that as "no match" for the whole filter, under '!' and beside '||' too. '&&' and '||' stop at the
    // first operand that decides, as Jayway's do.
    private static bool? TestOrReject(JsonPathFilter filter, JsonValue current, JsonPathRun run)
    {
        run.Spend(1);
        switch (filter)
        {
            case JsonPathLogicalFilter logical:
                var left = TestOrReject(logical.Left, current, run);
                return left is null || left.Value != logical.IsAnd ? left : TestOrReject(logical.Right, current, run);
            case JsonPathNotFilter not:
                return !TestOrReject(not.Operand, current, run);
            case JsonPathExistsFilter exists:
                var operand = Resolve(exists.Operand, current, run);
                return exists.Operand is JsonPathPathOperand ? !operand.IsUndefined : operand.IsTrue;
            case JsonPathComparisonFilter comparison:
                return Compare(comparison, current, run);
            default:
                return false;
        }
    }

    private static JsonValue Resolve(JsonPathOperand operand, JsonValue current, JsonPathRun run)
    {
        switch (operand)
        {
            case JsonPathPathOperand p:
                var path = p.Path;
                var root = path.Root switch
                {
                    JsonPathRoot.Current => current,
                    JsonPathRoot.Context => run.Context.ContextObject,
                    JsonPathRoot.Variable => run.Context.Variables.TryGetValue(path.VariableName!, out var v) ? v : default,
                    _ => run.Document,
                };
                if (root.IsUndefined)
                {
                    return default;
                }

                if (path.IsDefinite)
                {
                    var node = root;
                    run.Spend(path.Segments.Count);
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

                string? notFound = null;
                var matches = Select(path, root, run, ref notFound);
                if (notFound is not null)
                {
                    return default;
                }

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
                // The parser checked the literal and wrote it as JSON (single-quoted strings in double quotes).
                var value = Literals.GetOrAdd(literal, static l => JsonValue.TryParse(l.Text, out var v, out _) ? v : default);
                return value.IsUndefined ? throw new JsonPathRunException("The JSON literal " + literal.Text + " cannot be read.") : value;
        }
    }

    private static string NormalizeNumber(string text)
    {
        // Filter literals may be spelled loosely (e.g. "1." or "010"). Jayway reads them as BigDecimal, whose text
        // (what a string is compared with) drops leading zeros and a bare trailing '.': 010 is 10, "10" equals it.
        if (JsonValue.TryParseNumberText(text, out _))
        {
            return text;
        }

        var negative = text.StartsWith('-');
        var digits = negative ? text.Substring(1) : text;
        var trimmed = digits.TrimStart('0');
        if (trimmed.Length == 0 || trimmed[0] == '.' || trimmed[0] == 'e' || trimmed[0] == 'E')
        {
            trimmed = "0" + trimmed;
        }

        if (trimmed.EndsWith('.'))
        {
            trimmed = trimmed.Substring(0, trimmed.Length - 1);
        }

        var canonical = (negative ? "-" : string.Empty) + trimmed;
        if (JsonValue.TryParseNumberText(canonical, out _))
        {
            return canonical;
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? JsonValue.FromNumber(d).ToJsonString()
            : "0";
    }

    private static bool? Compare(JsonPathComparisonFilter comparison, JsonValue current, JsonPathRun run)
    {
        var left = Resolve(comparison.Left, current, run);
        var right = Resolve(comparison.Right, current, run);
        switch (comparison.Operator)
        {
            case JsonPathComparisonOperator.Equal:
                return FilterEquals(left, right);
            case JsonPathComparisonOperator.NotEqual:
                return !FilterEquals(left, right);
            case JsonPathComparisonOperator.TypeSafeEqual:
                return !left.IsUndefined && !right.IsUndefined && left.Kind == right.Kind && left.Equals(right);
            case JsonPathComparisonOperator.TypeSafeNotEqual:
                return !(!left.IsUndefined && !right.IsUndefined && left.Kind == right.Kind && left.Equals(right));
            case JsonPathComparisonOperator.LessThan:
                return Order(left, right) is int lt && lt < 0;
            case JsonPathComparisonOperator.LessThanOrEqual:
                return Order(left, right) is int le && le <= 0;
            case JsonPathComparisonOperator.GreaterThan:
                return Order(left, right) is int gt && gt > 0;
            case JsonPathComparisonOperator.GreaterThanOrEqual:
                return Order(left, right) is int ge && ge >= 0;
            case JsonPathComparisonOperator.Matches:
                // Jayway uses Java's Matcher.matches(): the whole string must match (JsonPathRun.Matches anchors it).
                return comparison.Right is JsonPathLiteralOperand { Kind: JsonPathLiteralKind.Regex } regex && MatchesRegex(regex, left, run);
            case JsonPathComparisonOperator.In:
            case JsonPathComparisonOperator.NotIn:
                // Jayway: an object on the right is a list that holds nothing; anything else but an array rejects.
                if (!right.TryGetArray(out var inArray))
                {
                    return right.IsObject ? comparison.Operator == JsonPathComparisonOperator.NotIn : null;
                }

                return Contains(inArray, left, run) == (comparison.Operator == JsonPathComparisonOperator.In);
            case JsonPathComparisonOperator.SubsetOf:
                // Jayway reads the right side first: an object makes the test false, another non-array rejects.
                if (ListOperands(left, right) is { } notLists)
                {
                    return notLists ? null : false;
                }

                var subset = left.GetArray();
                var superset = right.GetArray();

                foreach (var item in subset.AsSpan())
                {
                    if (!Contains(superset, item, run))
                    {
                        return false;
                    }
                }

                return true;
            case JsonPathComparisonOperator.AnyOf:
            case JsonPathComparisonOperator.NoneOf:
                if (ListOperands(left, right) is { } notBoth)
                {
                    return notBoth ? null : false;
                }

                var a = left.GetArray();
                var b = right.GetArray();

                var any = false;
                foreach (var item in a.AsSpan())
                {
                    any |= Contains(b, item, run);
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

    // Jayway (RegexMatchEvaluator) matches an array when any of its items matches, and any other value by its text:
    // a string itself, a number's or a boolean's text, and the empty text for null, an object or a missing member
    // (so /.*/ matches those, and /1.*/ the number 10).
    private static bool MatchesRegex(JsonPathLiteralOperand regex, JsonValue value, JsonPathRun run)
    {
        if (!value.TryGetArray(out var items))
        {
            return run.Matches(regex, RegexInput(value));
        }

        run.Spend(items.Count);
        foreach (var item in items.AsSpan())
        {
            if (run.Matches(regex, RegexInput(item)))
            {
                return true;
            }
        }

        return false;
    }

    private static string RegexInput(JsonValue value) => value.Kind switch
    {
        JsonKind.String => value.GetString(),
        JsonKind.Number => value.ToJsonString(),
        JsonKind.Boolean => value.IsTrue ? "true" : "false",
        _ => string.Empty,
    };

    // Null when both sides of subsetof/anyof/noneof are arrays; otherwise whether Jayway rejects the item (true:
    // a side, the right one first, is neither array nor object) or only fails the test (false: an object).
    private static bool? ListOperands(JsonValue left, JsonValue right)
    {
        foreach (var side in (ReadOnlySpan<JsonValue>)[right, left])
        {
            if (!side.IsArray)
            {
                return !side.IsObject;
            }
        }

        return null;
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

    private static bool Contains(JsonArrayValue array, JsonValue value, JsonPathRun run)
    {
        // Per tested item, so @ in $.list over a long list is counted as the work it is.
        run.Spend(array.Count);
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
