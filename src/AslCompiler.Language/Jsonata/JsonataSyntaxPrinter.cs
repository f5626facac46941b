using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AslCompiler.Language.Jsonata;

/// <summary>
/// Prints a syntax tree back to JSONata text. Parentheses in the source are <see cref="JsonataBlockNode"/>s and are
/// printed as such, so the plain form parses back to the same tree; the fully parenthesized form adds parentheses
/// around every operator application to show the tree's shape (it does not parse back to the same tree).
/// </summary>
internal static class JsonataSyntaxPrinter
{
    public static string Print(JsonataNode node, bool fullyParenthesized)
    {
        var builder = new StringBuilder();
        Write(builder, node, fullyParenthesized);
        return builder.ToString();
    }

    public static string OperatorText(JsonataBinaryOperator op) => op switch
    {
        JsonataBinaryOperator.Add => "+",
        JsonataBinaryOperator.Subtract => "-",
        JsonataBinaryOperator.Multiply => "*",
        JsonataBinaryOperator.Divide => "/",
        JsonataBinaryOperator.Modulo => "%",
        JsonataBinaryOperator.Equal => "=",
        JsonataBinaryOperator.NotEqual => "!=",
        JsonataBinaryOperator.LessThan => "<",
        JsonataBinaryOperator.LessThanOrEqual => "<=",
        JsonataBinaryOperator.GreaterThan => ">",
        JsonataBinaryOperator.GreaterThanOrEqual => ">=",
        JsonataBinaryOperator.Concat => "&",
        JsonataBinaryOperator.And => "and",
        JsonataBinaryOperator.Or => "or",
        JsonataBinaryOperator.In => "in",
        _ => "..",
    };

    /// <summary>Whether <paramref name="text"/> contains <paramref name="c"/> (netstandard2.0 lacks the char overload).</summary>
    public static bool ContainsChar(string text, char c)
    {
        foreach (var x in text)
        {
            if (x == c)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes a string literal in double quotes with JSON escapes (JSONata string literals are JSON's).</summary>
    public static void WriteString(StringBuilder builder, string value) => Json.JsonSyntaxWriter.AppendQuoted(builder, value);

    /// <summary>Whether <paramref name="name"/> can be written without backticks.</summary>
    public static bool IsPlainName(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        var first = name[0];
        if (first == '$' || first == '"' || first == '\'' || first == '`' || (first >= '0' && first <= '9'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (JsonataLexer.IsWhitespace(c) || JsonataLexer.IsOperatorChar(c))
            {
                return false;
            }
        }

        switch (name)
        {
            case "and":
            case "or":
            case "in":
            case "true":
            case "false":
            case "null":
                return false;
            default:
                return true;
        }
    }

    private static void Write(StringBuilder builder, JsonataNode node, bool full)
    {
        WriteCore(builder, node, full);
        WriteAnnotations(builder, node, full);
    }

    private static void WriteName(StringBuilder builder, string name, bool allowStringForm)
    {
        if (IsPlainName(name))
        {
            builder.Append(name);
        }
        else if (ContainsChar(name, '`') && allowStringForm)
        {
            // A backtick cannot be quoted with backticks; a string literal step means the same field.
            WriteString(builder, name);
        }
        else
        {
            builder.Append('`').Append(name).Append('`');
        }
    }

    private static void WriteCore(StringBuilder builder, JsonataNode node, bool full)
    {
        switch (node)
        {
            case JsonataPathNode path:
                for (var i = 0; i < path.Steps.Count; i++)
                {
                    var step = path.Steps[i];
                    if (i > 0 && step.Kind != JsonataNodeKind.Sort)
                    {
                        builder.Append('.');
                    }

                    if (step is JsonataNameNode stepName)
                    {
                        if (stepName.GroupBy is not null && path.Steps.Count > 1)
                        {
                            // Only a string literal step carries its own group-by ("t"{...}.%); a name's goes to its path.
                            WriteString(builder, stepName.Name);
                        }
                        else
                        {
                            WriteName(builder, stepName.Name, path.Steps.Count > 1);
                        }

                        WriteAnnotations(builder, step, full);
                    }
                    else
                    {
                        Write(builder, step, full);
                    }
                }

                break;
            case JsonataNameNode name:
                WriteName(builder, name.Name, allowStringForm: false);
                break;
            case JsonataVariableNode variable:
                builder.Append('$').Append(variable.Name);
                break;
            case JsonataStringNode text:
                WriteString(builder, text.Value);
                break;
            case JsonataNumberNode number:
                builder.Append(JsonataLexer.FormatNumber(number.Value));
                break;
            case JsonataBooleanNode boolean:
                builder.Append(boolean.Value ? "true" : "false");
                break;
            case JsonataNullNode:
                builder.Append("null");
                break;
            case JsonataRegexNode regex:
                builder.Append('/').Append(regex.Pattern).Append('/').Append(regex.Flags);
                break;
            case JsonataWildcardNode:
                builder.Append('*');
                break;
            case JsonataDescendantNode:
                builder.Append("**");
                break;
            case JsonataParentNode:
                builder.Append('%');
                break;
            case JsonataBinaryNode binary when binary.Operator == JsonataBinaryOperator.Range:
                // A range is part of the array constructor's syntax, not an operator that can be grouped.
                Write(builder, binary.Left, full);
                builder.Append("..");
                Write(builder, binary.Right, full);
                break;
            case JsonataBinaryNode binary:
                Open(builder, full);
                Write(builder, binary.Left, full);
                builder.Append(' ').Append(binary.OperatorText).Append(' ');
                Write(builder, binary.Right, full);
                Close(builder, full);
                break;
            case JsonataNegateNode negate:
                Open(builder, full);
                builder.Append('-');
                Write(builder, negate.Operand, full);
                Close(builder, full);
                break;
            case JsonataArrayNode array:
                builder.Append('[');
                WriteList(builder, array.Items, full);
                builder.Append(']');
                break;
            case JsonataObjectNode obj:
                WritePairs(builder, obj.Pairs, full);
                break;
            case JsonataSortNode sort:
                builder.Append("^(");
                for (var i = 0; i < sort.Terms.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    if (sort.Terms[i].Descending)
                    {
                        builder.Append('>');
                    }

                    Write(builder, sort.Terms[i].Expression, full);
                }

                builder.Append(')');
                break;
            case JsonataBindNode bind:
                Open(builder, full);
                builder.Append('$').Append(bind.Variable.Name).Append(" := ");
                Write(builder, bind.Value, full);
                Close(builder, full);
                break;
            case JsonataApplyNode apply:
                Open(builder, full);
                Write(builder, apply.Left, full);
                builder.Append(" ~> ");
                Write(builder, apply.Right, full);
                Close(builder, full);
                break;
            case JsonataFunctionCallNode call:
                Write(builder, call.Procedure, full);
                builder.Append('(');
                WriteList(builder, call.Arguments, full);
                builder.Append(')');
                break;
            case JsonataPlaceholderNode:
                builder.Append('?');
                break;
            case JsonataLambdaNode lambda when lambda.IsThunk:
                Write(builder, lambda.Body, full);
                break;
            case JsonataLambdaNode lambda:
                builder.Append("function(");
                for (var i = 0; i < lambda.Parameters.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(", ");
                    }

                    builder.Append('$').Append(lambda.Parameters[i]);
                }

                builder.Append(')');
                if (lambda.Signature is not null)
                {
                    builder.Append(lambda.Signature.SourceText);
                }

                builder.Append('{');
                Write(builder, lambda.Body, full);
                builder.Append('}');
                break;
            case JsonataConditionNode condition:
                Open(builder, full);
                Write(builder, condition.Condition, full);
                builder.Append(" ? ");
                Write(builder, condition.Then, full);
                if (condition.Else is not null)
                {
                    builder.Append(" : ");
                    Write(builder, condition.Else, full);
                }

                Close(builder, full);
                break;
            case JsonataTransformNode transform:
                builder.Append("| ");
                Write(builder, transform.Pattern, full);
                builder.Append(" | ");
                Write(builder, transform.Update, full);
                if (transform.Delete is not null)
                {
                    builder.Append(", ");
                    Write(builder, transform.Delete, full);
                }

                builder.Append(" |");
                break;
            case JsonataBlockNode block:
                builder.Append('(');
                for (var i = 0; i < block.Expressions.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append("; ");
                    }

                    Write(builder, block.Expressions[i], full);
                }

                builder.Append(')');
                break;
        }
    }

    private static void WriteAnnotations(StringBuilder builder, JsonataNode node, bool full)
    {
        // A focus binding precedes any predicate (S0215), so predicates on a bound step came after the binding.
        if (node.FocusVariable is not null)
        {
            builder.Append("@$").Append(node.FocusVariable);
        }

        foreach (var predicate in node.Predicates)
        {
            builder.Append('[');
            Write(builder, predicate.Expression!, full);
            builder.Append(']');
        }

        if (node.IndexVariable is not null)
        {
            builder.Append("#$").Append(node.IndexVariable);
        }

        foreach (var stage in node.Stages)
        {
            if (stage.Kind == JsonataStageKind.Index)
            {
                builder.Append("#$").Append(stage.Variable);
            }
            else
            {
                builder.Append('[');
                Write(builder, stage.Expression!, full);
                builder.Append(']');
            }
        }

        var keepArrayShown = false;

        // An apply (~>) keeps arrays when one of its operands does: the operand prints its own [] already.
        if (node.KeepArray && node is not JsonataPathNode and not JsonataApplyNode)
        {
            builder.Append("[]");
            keepArrayShown = true;
        }

        if (node.GroupBy is not null)
        {
            WritePairs(builder, node.GroupBy.Pairs, full);
        }

        if (node is JsonataPathNode path && path.KeepArray && !keepArrayShown)
        {
            // A step that keeps arrays makes its path keep them when parsed again: print [] once, where it was.
            var last = path.Steps[path.Steps.Count - 1];
            var earlier = false;
            for (var i = 0; i < path.Steps.Count - 1; i++)
            {
                earlier |= path.Steps[i].KeepArray;
            }

            if (!earlier && !(last.KeepArray && node.GroupBy is null))
            {
                builder.Append("[]");
            }
        }
    }

    private static void WriteList(StringBuilder builder, IReadOnlyList<JsonataNode> items, bool full)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            Write(builder, items[i], full);
        }
    }

    private static void WritePairs(StringBuilder builder, IReadOnlyList<JsonataObjectPair> pairs, bool full)
    {
        builder.Append('{');
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            Write(builder, pairs[i].Key, full);
            builder.Append(": ");
            Write(builder, pairs[i].Value, full);
        }

        builder.Append('}');
    }

    private static void Open(StringBuilder builder, bool full)
    {
        if (full)
        {
            builder.Append('(');
        }
    }

    private static void Close(StringBuilder builder, bool full)
    {
        if (full)
        {
            builder.Append(')');
        }
    }
}
