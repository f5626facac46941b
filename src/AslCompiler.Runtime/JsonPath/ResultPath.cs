using System;
using AslCompiler.Language.JsonPath;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.JsonPath;

/// <summary>Applies a reference path such as <c>ResultPath</c>: puts a value into the input at the path, creating missing objects.</summary>
public static class ResultPath
{
    /// <summary>
    /// Puts <paramref name="result"/> into <paramref name="input"/> at <paramref name="resultPath"/>. A null path
    /// discards the result (the input is the output); <c>$</c> replaces the input. Missing intermediate objects are
    /// created; a non-object on the way fails with <c>States.ResultPathMatchFailure</c>.
    /// </summary>
    public static EvaluationResult Apply(string? resultPath, JsonValue input, JsonValue result)
    {
        if (resultPath is null)
        {
            return EvaluationResult.Success(input);
        }

        if (!JsonPathEvaluator.TryGetPath(resultPath, out var path, out var error))
        {
            return EvaluationResult.Failure(StatesErrorNames.Runtime, "Invalid path '" + resultPath + "': " + error!.Message);
        }

        return Apply(path!, input, result);
    }

    /// <summary>Puts <paramref name="result"/> into <paramref name="input"/> at a parsed reference path.</summary>
    public static EvaluationResult Apply(JsonPathExpression path, JsonValue input, JsonValue result)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.IsDefinite || path.Root != JsonPathRoot.Input)
        {
            return EvaluationResult.Failure(StatesErrorNames.Runtime, "Invalid path '" + path.Text + "': a ResultPath must be a reference path on the state input.");
        }

        var value = Set(input, path, 0, result.IsUndefined ? JsonValue.Null : result);
        return value.IsUndefined
            ? EvaluationResult.Failure(StatesErrorNames.ResultPathMatchFailure, "Unable to apply ResultPath \"" + path.Text + "\" to input \"" + input.ToJsonString() + "\"")
            : EvaluationResult.Success(value);
    }

    // Rebuilds only the spine from the root to the target; every other member is shared.
    private static JsonValue Set(JsonValue node, JsonPathExpression path, int index, JsonValue result)
    {
        if (index == path.Segments.Count)
        {
            return result;
        }

        switch (path.Segments[index])
        {
            case JsonPathPropertySegment property:
                JsonObjectValue obj;
                if (node.TryGetObject(out var existing))
                {
                    obj = existing;
                }
                else if (node.IsUndefined && index > 0)
                {
                    obj = JsonObjectValue.Empty;
                }
                else
                {
                    return default;
                }

                var child = Set(obj[property.Name], path, index + 1, result);
                return child.IsUndefined ? default(JsonValue) : JsonValue.FromObject(obj.SetItem(property.Name, child));
            case JsonPathIndexSegment indexSegment:
                if (!node.TryGetArray(out var array))
                {
                    return default;
                }

                var i = indexSegment.Indexes[0];
                i = i < 0 ? i + array.Count : i;
                if ((uint)i >= (uint)array.Count)
                {
                    return default;
                }

                var item = Set(array[i], path, index + 1, result);
                return item.IsUndefined ? default(JsonValue) : JsonValue.FromArray(array.SetItem(i, item));
            default:
                return default;
        }
    }
}
