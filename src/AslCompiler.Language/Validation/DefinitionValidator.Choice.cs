using System.Globalization;
using AslCompiler.Language.Json;
using AslCompiler.Language.Model;

namespace AslCompiler.Language.Validation;

/// <summary>Choice states and their rules: shapes, operands, Variable (JSONPath) or Condition (JSONata).</summary>
internal sealed partial class DefinitionValidator
{
    private void ValidateChoice(ChoiceState choice, bool jsonata)
    {
        var syntax = choice.Syntax;
        RequireFields(syntax, "Choices");
        ExpectString(syntax, "Default");
        if (syntax.TryGetProperty("Choices", out var choices))
        {
            if (choices.Value is not JsonArraySyntax array)
            {
                Schema(choices, "The field 'Choices' must be an array, not " + Describe(choices.Value));
            }
            else
            {
                if (array.Count == 0)
                {
                    Schema(choices, "Value cannot be empty");
                }

                ReportNonObjectItems(array, "A Choice rule");
            }
        }

        foreach (var rule in choice.Choices ?? System.Array.Empty<ChoiceRule>())
        {
            ValidateRule(rule, jsonata);
        }
    }

    private void ReportNonObjectItems(JsonArraySyntax array, string what)
    {
        foreach (var item in array.Items)
        {
            if (item is not JsonObjectSyntax)
            {
                Error(AslDiagnosticCodes.SchemaValidationFailed, what + " must be an object, not " + Describe(item), item, item.Span);
            }
        }
    }

    private void ValidateRule(ChoiceRule rule, bool jsonata)
    {
        var syntax = rule.Syntax;
        ReportUnknownFields(rule);
        ExpectString(syntax, "Comment");
        if (rule.IsNested)
        {
            foreach (var name in new[] { "Next", "Assign", "Output" })
            {
                if (syntax.TryGetProperty(name, out var property))
                {
                    Error(
                        AslDiagnosticCodes.SchemaValidationFailed,
                        string.Format(CultureInfo.InvariantCulture, "Field '{0}' is not supported in a nested Choice rule", name),
                        syntax,
                        property.NameSpan);
                }
            }
        }
        else
        {
            RequireFields(syntax, "Next");
            ExpectString(syntax, "Next");
            CheckAssign(syntax, jsonata);
        }

        if (jsonata)
        {
            ValidateJsonataRule(rule);
        }
        else
        {
            ValidateJsonPathRule(rule);
        }
    }

    private void ValidateJsonataRule(ChoiceRule rule)
    {
        var syntax = rule.Syntax;
        foreach (var property in syntax.Properties)
        {
            if (property.Name == "Variable" || property.Name == "And" || property.Name == "Or" || property.Name == "Not" ||
                ComparisonOperators.TryParse(property.Name, out _))
            {
                Error(
                    AslDiagnosticCodes.SchemaValidationFailed,
                    string.Format(CultureInfo.InvariantCulture, "Field '{0}' is not supported when QueryLanguage is JSONata; use 'Condition'", property.Name),
                    syntax,
                    property.NameSpan);
            }
        }

        if (!rule.IsNested)
        {
            RequireFields(syntax, "Condition");
        }

        if (syntax.TryGetProperty("Condition", out var condition))
        {
            if (condition.Value is JsonStringSyntax text && AslKeywords.IsJsonataExpression(text.Value))
            {
                CheckJsonataString(text);
            }
            else if (condition.Value is not JsonBooleanSyntax)
            {
                Schema(condition, "The field 'Condition' must be a JSONata expression ({% ... %}) or a boolean");
            }
        }

        CheckJsonataField(syntax, "Output");
    }

    private void ValidateJsonPathRule(ChoiceRule rule)
    {
        var syntax = rule.Syntax;
        foreach (var name in new[] { "Condition", "Output" })
        {
            if (syntax.TryGetProperty(name, out var property))
            {
                Error(
                    AslDiagnosticCodes.SchemaValidationFailed,
                    string.Format(CultureInfo.InvariantCulture, "Field '{0}' is supported only when QueryLanguage is JSONata", name),
                    syntax,
                    property.NameSpan);
            }
        }

        if (rule.Kind == ChoiceRuleKind.Invalid)
        {
            if (rule.Comparisons.Count > 1)
            {
                Error(
                    AslDiagnosticCodes.SchemaValidationFailed,
                    "A Choice rule must have exactly one comparison operator",
                    syntax,
                    rule.Comparisons[1].Property.NameSpan);
            }
            else if (!syntax.ContainsKey("Condition"))
            {
                SchemaOn(syntax, "A Choice rule must have exactly one of: a comparison operator, 'And', 'Or' or 'Not'");
            }

            return;
        }

        switch (rule.Kind)
        {
            case ChoiceRuleKind.Comparison:
                ValidateComparison(rule, rule.Comparison!);
                break;
            case ChoiceRuleKind.And:
            case ChoiceRuleKind.Or:
                var name = rule.Kind == ChoiceRuleKind.And ? "And" : "Or";
                var property = rule.GetField(name)!;
                if (property.Value is not JsonArraySyntax array)
                {
                    Schema(property, string.Format(CultureInfo.InvariantCulture, "The field '{0}' must be an array, not {1}", name, Describe(property.Value)));
                }
                else
                {
                    if (array.Count == 0)
                    {
                        Schema(property, "Value cannot be empty");
                    }

                    ReportNonObjectItems(array, "A Choice rule");
                }

                break;
            case ChoiceRuleKind.Not:
                ExpectObject(syntax, "Not");
                break;
        }

        if (rule.Kind != ChoiceRuleKind.Comparison && syntax.TryGetProperty("Variable", out var variable))
        {
            Error(
                AslDiagnosticCodes.SchemaValidationFailed,
                "Field 'Variable' is supported only with a comparison operator",
                syntax,
                variable.NameSpan);
        }

        foreach (var child in rule.ChildNodes)
        {
            if (child is ChoiceRule nested)
            {
                ValidateRule(nested, jsonata: false);
            }
        }
    }

    private void ValidateComparison(ChoiceRule rule, ChoiceComparison comparison)
    {
        var syntax = rule.Syntax;
        RequireFields(syntax, "Variable");
        if (ExpectString(syntax, "Variable") is { } variable)
        {
            CheckPath(variable, PathKind.Path, "Variable");
        }

        var property = comparison.Property;
        var name = property.Name;
        switch (comparison.OperandKind)
        {
            case ComparisonOperandKind.String:
            case ComparisonOperandKind.Timestamp:
                if (property.Value is not JsonStringSyntax)
                {
                    Schema(property, string.Format(CultureInfo.InvariantCulture, "The operand of '{0}' must be a string, not {1}", name, Describe(property.Value)));
                }

                break;
            case ComparisonOperandKind.Number:
                if (property.Value is not JsonNumberSyntax)
                {
                    Schema(property, string.Format(CultureInfo.InvariantCulture, "The operand of '{0}' must be a number, not {1}", name, Describe(property.Value)));
                }

                break;
            case ComparisonOperandKind.Boolean:
                if (property.Value is not JsonBooleanSyntax)
                {
                    Schema(property, string.Format(CultureInfo.InvariantCulture, "The operand of '{0}' must be a boolean, not {1}", name, Describe(property.Value)));
                }

                break;
            case ComparisonOperandKind.Path:
                if (property.Value is JsonStringSyntax path)
                {
                    CheckPath(path, PathKind.Path, name);
                }
                else
                {
                    Schema(property, string.Format(CultureInfo.InvariantCulture, "The operand of '{0}' must be a path string, not {1}", name, Describe(property.Value)));
                }

                break;
        }
    }
}
