using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AslCompiler.Language.Json;
using AslCompiler.Language.Model;

namespace AslCompiler.Language.Validation;

/// <summary>What a path-valued field accepts.</summary>
internal enum PathKind
{
    /// <summary>A JSONPath (InputPath, OutputPath, Variable, ...): may select several nodes.</summary>
    Path,

    /// <summary>A reference path (ResultPath, ItemsPath, *SecondsPath, ...): one node, no filters or wildcards.</summary>
    Reference,

    /// <summary>A JSONPath or an intrinsic function call (ErrorPath, CausePath, payload template values).</summary>
    PathOrIntrinsic,
}

/// <summary>Paths, payload templates, intrinsic functions, JSONata expressions, Assign and variables.</summary>
internal sealed partial class DefinitionValidator
{
    private readonly List<(string Name, JsonStringSyntax Node, int Index, int Region, string? State)> _variableUses = new();

    // The state whose fields are being validated (null outside states).
    private string? _stateName;

    // Each name with the region it is assigned in (see _region).
    private readonly HashSet<(string Name, int Region)> _assigned = new();

    // The region of the states being checked: 0 for the state machine's, a number of its own for each distributed Map's
    // processor (its states run as child executions, which neither read outer variables nor give theirs back).
    private int _region;
    private int _regions;

    private void CheckPathField(JsonObjectSyntax obj, string name, PathKind kind, bool nullable)
    {
        if (!obj.TryGetProperty(name, out var property))
        {
            return;
        }

        if (property.Value is JsonNullSyntax && nullable)
        {
            return;
        }

        if (property.Value is not JsonStringSyntax text)
        {
            Schema(property, string.Format(
                CultureInfo.InvariantCulture,
                nullable ? "The field '{0}' must be a path string or null, not {1}" : "The field '{0}' must be a path string, not {1}",
                name,
                Describe(property.Value)));
            return;
        }

        if (name == "ResultPath" && text.Value.Length > 1 && text.Value[0] == '$' && text.Value[1] != '.' && text.Value[1] != '[')
        {
            // The hint only where the path names a variable ($total), not for $$ or '$ .a' (a validator trial).
            var variable = char.IsLetter(text.Value[1]) || text.Value[1] == '_';
            Error(
                AslDiagnosticCodes.SchemaValidationFailed,
                "The value for the field 'ResultPath' must be a valid reference path into the state output ($, $.field or $[index])" + (variable ? "; use 'Assign' to set variables" : string.Empty),
                text,
                text.Span);
            return;
        }

        CheckPath(text, kind, name);
    }

    /// <summary>Checks a path string; reports SCHEMA_VALIDATION_FAILED at the string, with the span of the bad part.</summary>
    private void CheckPath(JsonStringSyntax text, PathKind kind, string fieldName)
    {
        var value = text.Value;
        if (kind == PathKind.PathOrIntrinsic && IsIntrinsicCall(value))
        {
            var stringResult = fieldName is "ErrorPath" or "CausePath";
            if (CheckIntrinsic(value, stringResult, out var intrinsicError, out var intrinsicStart, out var intrinsicEnd))
            {
                RecordVariableUses(text);
                return;
            }

            Error(
                AslDiagnosticCodes.SchemaValidationFailed,
                string.Format(CultureInfo.InvariantCulture, "The value for the field '{0}' must be a valid JSONPath or a valid intrinsic function call: {1}", fieldName, intrinsicError),
                text,
                InnerSpan(text, intrinsicStart, intrinsicEnd));
            return;
        }

        if (!CheckJsonPath(value, kind, out var error, out var start, out var end))
        {
            var what = kind switch
            {
                PathKind.Reference => "a valid reference path",
                PathKind.PathOrIntrinsic => "a valid JSONPath or a valid intrinsic function call",
                _ => "a valid JSONPath",
            };
            Error(
                AslDiagnosticCodes.SchemaValidationFailed,
                string.Format(CultureInfo.InvariantCulture, "The value for the field '{0}' must be {1}: {2}", fieldName, what, error),
                text,
                InnerSpan(text, start, end));
            return;
        }

        RecordVariableUses(text);
    }

    private static bool IsIntrinsicCall(string value) => value.StartsWith("States.", StringComparison.Ordinal);

    /// <summary>Remembers <c>$name</c> variable reads in a JSONPath or intrinsic, for the unassigned-variable warning.</summary>
    private void RecordVariableUses(JsonStringSyntax text)
    {
        var value = text.Value;
        var inString = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\'' && (i == 0 || value[i - 1] != '\\'))
            {
                inString = !inString;
                continue;
            }

            if (inString || c != '$' || (i > 0 && (char.IsLetterOrDigit(value[i - 1]) || value[i - 1] == '$' || value[i - 1] == '_' || value[i - 1] == '@')))
            {
                continue;
            }

            var j = i + 1;
            while (j < value.Length && (char.IsLetterOrDigit(value[j]) || value[j] == '_'))
            {
                j++;
            }

            if (j > i + 1)
            {
                _variableUses.Add((value.Substring(i + 1, j - i - 1), text, i, _region, _stateName));
            }
        }
    }

    private void CheckTemplateField(JsonObjectSyntax obj, string name)
    {
        if (obj.TryGetProperty(name, out var property))
        {
            if (property.Value is JsonObjectSyntax template)
            {
                CheckTemplate(template);
            }
            else if (name != "Parameters" && name != "BatchInput")
            {
                Schema(property, string.Format(CultureInfo.InvariantCulture, "The field '{0}' must be an object, not {1}", name, Describe(property.Value)));
            }
        }
    }

    /// <summary>A JSONPath payload template: keys ending in <c>.$</c> hold a path or intrinsic; others are literals.</summary>
    private void CheckTemplate(JsonSyntaxNode node)
    {
        if (node is JsonArraySyntax array)
        {
            foreach (var item in array.Items)
            {
                CheckTemplate(item);
            }

            return;
        }

        if (node is not JsonObjectSyntax obj)
        {
            return;
        }

        HashSet<string>? names = null;
        foreach (var property in obj.Properties)
        {
            var name = property.Name;
            var isDynamic = name.EndsWith(".$", StringComparison.Ordinal);
            var plain = isDynamic ? name.Substring(0, name.Length - 2) : name;
            if (!(names ??= new HashSet<string>(StringComparer.Ordinal)).Add(plain))
            {
                Error(
                    AslDiagnosticCodes.SchemaValidationFailed,
                    string.Format(CultureInfo.InvariantCulture, "The field '{0}' is given twice (as '{0}' and '{0}.$')", plain),
                    obj,
                    property.NameSpan);
            }

            if (isDynamic)
            {
                if (property.Value is JsonStringSyntax text)
                {
                    CheckTemplateValue(obj, property, text);
                }
                else
                {
                    Error(
                        AslDiagnosticCodes.SchemaValidationFailed,
                        string.Format(CultureInfo.InvariantCulture, "The value for the field '{0}' must be a valid JSONPath or a valid intrinsic function call", name),
                        obj,
                        property.Value.Span,
                        "a field whose name ends in '.$' takes a string, not " + Describe(property.Value));
                }
            }
            else if (property.Value is JsonStringSyntax literal && LooksDynamic(literal.Value))
            {
                Warning(
                    AslDiagnosticCodes.NoDollar,
                    string.Format(CultureInfo.InvariantCulture, "The value of '{0}' looks like a path or an intrinsic function, but the field name does not end with '.$', so it is used as a literal string", name),
                    literal,
                    literal.Span);
            }
            else
            {
                CheckTemplate(property.Value);
            }
        }
    }

    private void CheckTemplateValue(JsonObjectSyntax obj, JsonPropertySyntax property, JsonStringSyntax text)
    {
        var value = text.Value;
        string? error;
        int start, end;
        var ok = IsIntrinsicCall(value)
            ? CheckIntrinsic(value, out error, out start, out end)
            : CheckJsonPath(value, PathKind.Path, out error, out start, out end);
        if (ok)
        {
            RecordVariableUses(text);
            return;
        }

        // AWS locates this at the template object and names the field, in exactly these words (recorded); the span
        // points at the bad part of the string, and the detail (build output, not the API's answer) says what it is.
        Error(
            AslDiagnosticCodes.SchemaValidationFailed,
            string.Format(CultureInfo.InvariantCulture, "The value for the field '{0}' must be a valid JSONPath or a valid intrinsic function call", property.Name),
            obj,
            InnerSpan(text, start, end),
            error);
    }

    private static bool LooksDynamic(string value) =>
        value.StartsWith("$.", StringComparison.Ordinal) || value.StartsWith("$$.", StringComparison.Ordinal) ||
        (value.StartsWith("States.", StringComparison.Ordinal) && value.IndexOf('(') > 0 && value[value.Length - 1] == ')');

    /// <summary>Pass <c>Result</c> is static: a <c>.$</c> key there is not evaluated (warning).</summary>
    private void CheckStaticResult(JsonSyntaxNode node)
    {
        var stack = new Stack<JsonSyntaxNode>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case JsonObjectSyntax obj:
                    foreach (var property in obj.Properties)
                    {
                        if (property.Name.EndsWith(".$", StringComparison.Ordinal) && property.Value is JsonStringSyntax)
                        {
                            Warning(
                                AslDiagnosticCodes.PassResultIsStatic,
                                string.Format(CultureInfo.InvariantCulture, "'Result' is static: the path in '{0}' is not evaluated; use 'Parameters' to compute values", property.Name),
                                property.Value,
                                property.NameSpan);
                        }

                        stack.Push(property.Value);
                    }

                    break;
                case JsonArraySyntax array:
                    foreach (var item in array.Items)
                    {
                        stack.Push(item);
                    }

                    break;
            }
        }
    }

    private static bool IsHalfJsonataExpression(string value)
    {
        var trimmed = value.Trim();
        return trimmed.StartsWith("{%", StringComparison.Ordinal) != trimmed.EndsWith("%}", StringComparison.Ordinal);
    }

    private void CheckJsonataField(JsonObjectSyntax obj, string name)
    {
        if (obj.TryGetProperty(name, out var property))
        {
            CheckJsonataValue(property.Value);
        }
    }

    /// <summary>Every <c>{% %}</c> string anywhere inside a JSONata-state value is a JSONata expression.</summary>
    private void CheckJsonataValue(JsonSyntaxNode node)
    {
        var stack = new Stack<JsonSyntaxNode>();
        stack.Push(node);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case JsonStringSyntax text when AslKeywords.IsJsonataExpression(text.Value):
                    CheckJsonataString(text);
                    break;
                case JsonStringSyntax text when IsHalfJsonataExpression(text.Value):
                    Error(
                        AslDiagnosticCodes.SchemaValidationFailed,
                        "A JSONata expression must start with '{%' and end with '%}'",
                        text,
                        text.Span);
                    break;
                case JsonObjectSyntax obj:
                    foreach (var property in obj.Properties)
                    {
                        stack.Push(property.Value);
                    }

                    break;
                case JsonArraySyntax array:
                    foreach (var item in array.Items)
                    {
                        stack.Push(item);
                    }

                    break;
            }
        }
    }

    /// <summary>Assign: an object whose keys are variable names (with <c>.$</c> for paths in JSONPath states).</summary>
    private void CheckAssign(JsonObjectSyntax obj, bool jsonata)
    {
        if (!obj.TryGetProperty("Assign", out var property))
        {
            return;
        }

        if (property.Value is not JsonObjectSyntax assign)
        {
            Schema(property, "The field 'Assign' must be an object, not " + Describe(property.Value));
            return;
        }

        foreach (var member in assign.Properties)
        {
            var name = member.Name;
            if (!jsonata && name.EndsWith(".$", StringComparison.Ordinal))
            {
                name = name.Substring(0, name.Length - 2);
            }

            if (!IsVariableName(name))
            {
                Error(
                    AslDiagnosticCodes.SchemaValidationFailed,
                    string.Format(
                        CultureInfo.InvariantCulture,
                        name.Length > MaxVariableNameLength
                            ? "Invalid variable name '{0}': a variable name is at most 80 characters, not {1}"
                            : "Invalid variable name '{0}': a variable name starts with a letter or '_' and holds only letters, digits and '_'",
                        name,
                        name.Length),
                    assign,
                    member.NameSpan);
            }
            else if (name == "states")
            {
                Error(AslDiagnosticCodes.SchemaValidationFailed, "The variable name 'states' is reserved", assign, member.NameSpan);
            }
            else
            {
                _assigned.Add((name, _region));
            }
        }

        if (jsonata)
        {
            CheckJsonataValue(assign);
        }
        else
        {
            CheckTemplate(assign);
        }
    }

    private const int MaxVariableNameLength = 80;

    private static bool IsVariableName(string name)
    {
        if (name.Length == 0 || name.Length > MaxVariableNameLength || !(char.IsLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// DescribeStateMachine's <c>variableReferences</c>: each state that reads variables, with the names it reads (without
    /// <c>$</c>, each once, in the order its fields read them). <c>$states</c> is no variable.
    /// </summary>
    public Dictionary<string, List<string>> VariableReferences()
    {
        var references = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, _, _, _, state) in _variableUses)
        {
            if (state is null || name == "states")
            {
                continue;
            }

            if (!references.TryGetValue(state, out var names))
            {
                names = new List<string>();
                references[state] = names;
            }

            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }

        return references;
    }

    /// <summary>
    /// Warning (ours): a variable read somewhere that no Assign in the definition sets, or that only an Assign of another
    /// region sets (AWS: "Distributed Map states cannot currently reference variables in outer scopes").
    /// </summary>
    private void ValidateVariables()
    {
        var reported = new HashSet<(string, int)>();
        foreach (var (name, node, index, region, _) in _variableUses)
        {
            if (name == "states" || _assigned.Contains((name, region)) || !reported.Add((name, region)))
            {
                continue;
            }

            var elsewhere = _assigned.Any(a => a.Name == name);
            var message = !elsewhere ? "The variable '${0}' is read, but no 'Assign' in this definition sets it"
                : region != 0 ? "The variable '${0}' is read in a distributed Map's states, which cannot read the variables of outer scopes, and no 'Assign' among them sets it"
                : "The variable '${0}' is read, but only a distributed Map's states set it, and their variables stay in their child executions";
            Warning(
                AslDiagnosticCodes.UnassignedVariable,
                string.Format(CultureInfo.InvariantCulture, message, name),
                node,
                InnerSpan(node, index, index + 1 + name.Length));
        }
    }
}
