using System;
using System.Collections.Generic;

namespace AslCompiler.Language.Jsonata;

/// <summary>The names of the functions a Step Functions JSONata expression has without declaring them.</summary>
public static class JsonataFunctionNames
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        // JSONata 2.0.6's library, less $eval (Step Functions removes it).
        "abs", "append", "assert", "average", "base64decode", "base64encode", "boolean", "ceil", "clone", "contains", "count", "decodeUrl",
        "decodeUrlComponent", "distinct", "each", "encodeUrl", "encodeUrlComponent", "error", "exists", "filter", "floor",
        "formatBase", "formatInteger", "formatNumber", "fromMillis", "join", "keys", "length", "lookup", "lowercase", "map",
        "match", "max", "merge", "millis", "min", "not", "now", "number", "pad", "parseInteger", "power", "random",
        "reduce", "replace", "reverse", "round", "shuffle", "sift", "single", "sort", "split", "spread", "sqrt", "string",
        "substring", "substringAfter", "substringBefore", "sum", "toMillis", "trim", "type", "uppercase", "zip",

        // What Step Functions adds.
        "partition", "range", "hash", "uuid", "parse",
    };

    /// <summary>The built-in function names, without their <c>$</c>.</summary>
    public static IReadOnlyCollection<string> StepFunctions => Names;

    /// <summary>Whether <paramref name="name"/> (without its <c>$</c>) names a built-in function of Step Functions' JSONata.</summary>
    /// <param name="name">The name.</param>
    /// <returns>Whether it is a built-in function.</returns>
    public static bool IsBuiltIn(string name) => Names.Contains(name);
}
