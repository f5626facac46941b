using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.RegularExpressions;
using AslCompiler.Language.Json;
using AslCompiler.Language.Jsonata;
using AslCompiler.Language.Model;

namespace AslCompiler.Generator;

/// <summary>
/// JSONata states: every <c>{% %}</c> expression of a state that <see cref="JsonataEmitter"/> can compile becomes a
/// method computing its value in straight C#; the state's <c>JsonataFieldFactory</c> is given those methods by
/// expression text, and parses only the rest (at start-up) for the evaluator.
/// </summary>
internal sealed partial class ProgramEmitter
{
    private const string Scope = CompiledNs + "JsonataScope";

    // Members holding nested states, which are states of their own (with their own factory).
    private static readonly HashSet<string> NestedStateMembers = new(StringComparer.Ordinal) { "ItemProcessor", "Iterator", "Branches" };

    private readonly Dictionary<string, string?> _jsonataMethods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _jsonataNumbers = new(StringComparer.Ordinal);
    private JsonataEmitter? _jsonataEmitter;

    /// <summary>
    /// Whether a JSONata state's fields read the context object, so its bindings carry <c>$states.context</c>: the
    /// interpreter's rule (<c>JsonataStates</c>), the word <c>context</c> anywhere in the state's text, or
    /// <c>$states</c> read whole (<c>{% $states %}</c>, <c>$keys($states)</c>, <c>$states[...]</c>; not
    /// <c>$states.input</c> nor a variable named <c>$statesX</c>). Without it a compiled state would hand an empty
    /// context where the interpreter hands the execution's.
    /// </summary>
    internal static bool ReadsJsonataContext(string stateText) =>
        stateText.IndexOf("context", StringComparison.Ordinal) >= 0 || StatesReadWhole.IsMatch(stateText);

    private static readonly Regex StatesReadWhole = new(@"\$states(?![.\w])");

    /// <summary>The <c>JsonataFieldFactory</c> creation for a JSONata state, with the compiled methods of its expressions.</summary>
    private string JsonataFactory(State state, bool usesContext)
    {
        var texts = new List<string>();
        CollectExpressions(state.Syntax, texts, 0, topLevel: true);
        var compiled = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            if (seen.Add(text) && JsonataMethod(text) is { } method)
            {
                compiled.Add("new " + CompiledNs + "JsonataCompiledExpression(" + Literal(text) + ", " + method + ")");
            }
        }

        var args = (usesContext ? "true" : "false") + (compiled.Count == 0 ? string.Empty : ", " + string.Join(", ", compiled));
        return "new " + CompiledNs + "JsonataFieldFactory(" + args + ")";
    }

    private static void CollectExpressions(JsonSyntaxNode node, List<string> texts, int depth, bool topLevel)
    {
        if (depth > MaxTemplateDepth)
        {
            return;
        }

        switch (node)
        {
            case JsonStringSyntax s when JsonataTemplate.GetExpression(s.Value) is { } expression:
                texts.Add(expression);
                break;
            case JsonObjectSyntax o:
                foreach (var p in o.Properties)
                {
                    if (!(topLevel && NestedStateMembers.Contains(p.Name)))
                    {
                        CollectExpressions(p.Value, texts, depth + 1, topLevel: false);
                    }
                }

                break;
            case JsonArraySyntax a:
                foreach (var item in a.Items)
                {
                    CollectExpressions(item, texts, depth + 1, topLevel: false);
                }

                break;
        }
    }

    /// <summary>The width a compiled expression's lines keep within after their method's indentation (about 120 columns in all).</summary>
    internal const int ExpressionWidth = 100;

    /// <summary>The name of the method compiled for an expression text, or null when the evaluator keeps it.</summary>
    private string? JsonataMethod(string text)
    {
        if (_jsonataMethods.TryGetValue(text, out var known))
        {
            return known;
        }

        string? name = null;
        _jsonataEmitter ??= new JsonataEmitter(JsonataNumber);
        if (_jsonataEmitter.TryEmit(text) is { } body)
        {
            _fields.AddRange(_jsonataEmitter.Fields);
            name = Unique("Jsonata" + (_jsonataMethods.Count + 1).ToString(CultureInfo.InvariantCulture));
            var m = Method();
            m.Line("/// <summary>A JSONata expression compiled to C# (the evaluator's operations, in its order):</summary>");
            foreach (var line in text.Trim().Split('\n'))
            {
                // The source as a comment: no character that would end the comment line early or reorder what it shows.
                m.Line("// " + AslGenerator.CommentText(line).TrimEnd());
            }

            m.Line("private static object? " + name + "(" + Scope + " s, object? x) =>");
            foreach (var line in CSharpExpressionLayout.Lines(body + ";", ExpressionWidth))
            {
                m.Line("    " + line);
            }
        }

        _jsonataMethods[text] = name;
        return name;
    }

    /// <summary>A static field holding a boxed number constant (boxed once, not per evaluation).</summary>
    private string JsonataNumber(double value)
    {
        var literal = JsonataEmitter.DoubleLiteral(value);
        if (!_jsonataNumbers.TryGetValue(literal, out var field))
        {
            field = "JsonataNumber" + _jsonataNumbers.Count.ToString(CultureInfo.InvariantCulture);
            _jsonataNumbers[literal] = field;
            _fields.Add("private static readonly object " + field + " = " + literal + ";");
        }

        return field;
    }
}
