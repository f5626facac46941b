using System;
using System.Collections.Generic;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Execution;

/// <summary>
/// Whether a definition's states are pure functions of their input: a run of it reads nothing of the execution but the
/// value each state is given (and <c>$$.Map.Item</c>), draws nothing at random and keeps no variables, so a run that
/// failed can run again from its start to the same end. The kernel runs such a definition lightly when nothing records
/// it (see <c>ExecutionRun.RunToEnd</c>): without the per-state bookkeeping only a failure's cause or the context object
/// would read, and runs it again with that bookkeeping if it fails.
/// </summary>
/// <remarks>
/// The check is on the definition's text, and conservative: JSONPath only; Pass, Choice, Succeed, Fail and inline Map
/// states only (no item reader, result writer or batcher); no <c>Assign</c>; no <c>States.UUID</c> or
/// <c>States.MathRandom</c>; and every <c>$</c> in every string starts a path of the state's input (<c>$.</c>, <c>$[</c>,
/// <c>$</c> alone) or is <c>$$.Map.Item.Value</c> or <c>$$.Map.Item.Index</c>. A literal that holds any other <c>$</c>
/// makes the definition not pure, which only costs it the light run.
/// </remarks>
internal static class PureDefinition
{
    private static readonly HashSet<string> PureTypes = new(StringComparer.Ordinal) { "Pass", "Choice", "Succeed", "Fail", "Map" };

    /// <summary>Whether <paramref name="definitionText"/> is pure (false when it does not parse).</summary>
    /// <param name="definitionText">The definition.</param>
    /// <returns>Whether it is pure.</returns>
    public static bool IsPure(string definitionText)
    {
        JsonValue definition;
        try
        {
            definition = JsonValue.Parse(definitionText);
        }
        catch (FormatException)
        {
            return false;
        }

        return IsPureGraph(definition) && StringsArePure(definition, 0);
    }

    private static bool IsPureGraph(JsonValue graph)
    {
        if (graph.Kind != JsonKind.Object || !IsJsonPath(graph) || !graph["States"].TryGetObject(out var states))
        {
            return false;
        }

        foreach (var (_, state) in states)
        {
            if (!state.TryGetObject(out var fields) || !IsJsonPath(state) || !state["Type"].TryGetString(out var type) || !PureTypes.Contains(type))
            {
                return false;
            }

            foreach (var (name, _) in fields)
            {
                if (name is "Assign" or "ItemReader" or "ResultWriter" or "ItemBatcher")
                {
                    return false;
                }
            }

            if (type == "Choice" && HasAssign(state["Choices"]))
            {
                return false;
            }

            if (type == "Map")
            {
                var processor = state["ItemProcessor"].IsUndefined ? state["Iterator"] : state["ItemProcessor"];
                if (processor["ProcessorConfig"]["Mode"].TryGetString(out var mode) && mode != "INLINE")
                {
                    return false;
                }

                if (!IsPureGraph(processor))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool IsJsonPath(JsonValue node) => !node["QueryLanguage"].TryGetString(out var language) || language == "JSONPath";

    private static bool HasAssign(JsonValue choices)
    {
        if (!choices.TryGetArray(out var rules))
        {
            return false;
        }

        foreach (var rule in rules)
        {
            if (!rule["Assign"].IsUndefined)
            {
                return true;
            }
        }

        return false;
    }

    // Every string of the definition, keys included, refers to nothing but the input and $$.Map.Item; no random function.
    private static bool StringsArePure(JsonValue value, int depth)
    {
        if (depth > JsonValue.MaxDepth)
        {
            return false;
        }

        switch (value.Kind)
        {
            case JsonKind.String:
                return IsPureText(value.GetString());
            case JsonKind.Array:
                foreach (var item in value.GetArray())
                {
                    if (!StringsArePure(item, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            case JsonKind.Object:
                foreach (var (name, member) in value.GetObject())
                {
                    if (name is "Comment" && member.Kind == JsonKind.String)
                    {
                        continue;
                    }

                    if (!IsPureText(name) || !StringsArePure(member, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    internal static bool IsPureText(string text)
    {
        if (text.Contains("States.UUID", StringComparison.Ordinal) || text.Contains("States.MathRandom", StringComparison.Ordinal))
        {
            return false;
        }

        for (var i = text.IndexOf('$', StringComparison.Ordinal); i >= 0; i = text.IndexOf('$', i + 1))
        {
            var rest = text.AsSpan(i + 1);
            if (rest.IsEmpty || rest[0] is '.' or '[' || !IsNameStart(rest[0]) && rest[0] != '$')
            {
                continue;
            }

            if (rest.StartsWith("$.Map.Item.Value", StringComparison.Ordinal) || rest.StartsWith("$.Map.Item.Index", StringComparison.Ordinal))
            {
                i++; // past the second $
                continue;
            }

            return false; // a variable ($name) or another part of the context object ($$)
        }

        return true;
    }

    private static bool IsNameStart(char c) => char.IsLetter(c) || c == '_';
}
