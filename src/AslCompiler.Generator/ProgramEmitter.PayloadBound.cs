using System.Collections.Generic;
using AslCompiler.Language.Json;
using AslCompiler.Language.JsonPath;
using AslCompiler.Language.Model;

namespace AslCompiler.Generator;

/// <summary>
/// How big a JSONPath Pass state's output can be next to its input, read from the definition: an upper bound
/// <c>Constant + Inputs × (bound of the raw input)</c> in the payload check's units (<c>PayloadSize</c>: 6 bytes per
/// string character plus quotes, 24 per number, 5 per literal, braces, commas and colons). It holds when every value
/// the output takes from the input is a sub-value of it (a straight <c>$</c> path), every other value is a constant or
/// a number, and the result is placed by a straight ResultPath. The runner then skips the walk of the output while that
/// bound is within the limit (<c>StateFrame.ExceedsPayloadLimit(output, ref bound, constant, inputs)</c>).
/// </summary>
internal sealed partial class ProgramEmitter
{
    // The number of characters a JSON number may take in the payload check (PayloadSize).
    private const long NumberBound = 24;

    /// <summary>The bound of a Pass state's output, or null when the definition does not give one.</summary>
    private static (long Constant, int Inputs)? PassGrowth(PassState pass)
    {
        if (pass.InputPath is { } inputPath && !IsSubValuePath(inputPath.Path))
        {
            return null;
        }

        (long Constant, int Inputs)? result;
        if (pass.Result is { } constant)
        {
            result = (ConstantBound(constant), 0);
        }
        else if (pass.Parameters is { } parameters)
        {
            result = TemplateGrowth(parameters, 0);
        }
        else
        {
            result = (0, 1);
        }

        if (result is not { } r)
        {
            return null;
        }

        (long Constant, int Inputs) output;
        if (pass.ResultPath is null || pass.ResultPath.Path == "$")
        {
            output = r;
        }
        else if (pass.ResultPath.IsNull)
        {
            output = (0, 1);
        }
        else if (JsonPathParser.TryParse(pass.ResultPath.Path!, out var path, out _) && path!.Root == JsonPathRoot.Input && IsStraight(path))
        {
            // The raw input with the result set at the path: each step may add a member (a comma, the key, a colon and,
            // for the steps before the last, an empty object).
            long added = 0;
            foreach (var segment in path.Segments)
            {
                if (segment is not JsonPathPropertySegment property)
                {
                    return null;
                }

                added += StringBound(property.Name) + 4;
            }

            output = (r.Constant + added, r.Inputs + 1);
        }
        else
        {
            return null;
        }

        if (pass.OutputPath is { } outputPath && !IsSubValuePath(outputPath.Path))
        {
            return null;
        }

        return output;
    }

    /// <summary>Whether a path field selects one sub-value of its input (absent, <c>$</c> or a straight <c>$</c> path).</summary>
    private static bool IsSubValuePath(string? text) =>
        text is not null && JsonPathParser.TryParse(text, out var path, out _) && path!.Root == JsonPathRoot.Input && IsStraight(path);

    /// <summary>The bound of a payload template's output over its input, or null when a value is not bounded by it.</summary>
    private static (long Constant, int Inputs)? TemplateGrowth(JsonSyntaxNode node, int depth)
    {
        if (depth > MaxTemplateDepth)
        {
            return null;
        }

        switch (node)
        {
            case JsonObjectSyntax obj:
            {
                long constant = 2 + obj.Properties.Count;
                var inputs = 0;
                foreach (var member in obj.Properties)
                {
                    if (IsPathMember(member, out var expression))
                    {
                        constant += StringBound(member.Name.Substring(0, member.Name.Length - 2)) + 1;
                        if (IntrinsicFunctionParser.LooksLikeCall(expression))
                        {
                            if (IntrinsicBound(expression) is not { } size)
                            {
                                return null;
                            }

                            constant += size;
                        }
                        else if (IsSubValuePath(expression))
                        {
                            inputs++;
                        }
                        else
                        {
                            return null;
                        }

                        continue;
                    }

                    constant += StringBound(member.Name) + 1;
                    if (TemplateGrowth(member.Value, depth + 1) is not { } inner)
                    {
                        return null;
                    }

                    constant += inner.Constant;
                    inputs += inner.Inputs;
                }

                return (constant, inputs);
            }

            case JsonArraySyntax array:
            {
                long constant = 2 + array.Items.Count;
                var inputs = 0;
                foreach (var item in array.Items)
                {
                    if (TemplateGrowth(item, depth + 1) is not { } inner)
                    {
                        return null;
                    }

                    constant += inner.Constant;
                    inputs += inner.Inputs;
                }

                return (constant, inputs);
            }

            default:
                return (ConstantBound(node), 0);
        }
    }

    /// <summary>The bound of an intrinsic call whose value is a number or a fixed-size string, else null.</summary>
    private static long? IntrinsicBound(string expression)
    {
        IntrinsicFunctionCall call;
        try
        {
            call = IntrinsicFunctionParser.Parse(expression);
        }
        catch (JsonPathSyntaxException)
        {
            return null;
        }

        return call.Name switch
        {
            "States.MathAdd" or "States.MathRandom" or "States.ArrayLength" => NumberBound,
            "States.UUID" => StringBound(new string('0', 36)),
            _ => null,
        };
    }

    /// <summary>The payload check's bound of a constant JSON value.</summary>
    private static long ConstantBound(JsonSyntaxNode node)
    {
        var pending = new Stack<JsonSyntaxNode>();
        pending.Push(node);
        long total = 0;
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case JsonObjectSyntax obj:
                    total += 2 + obj.Properties.Count;
                    foreach (var member in obj.Properties)
                    {
                        total += StringBound(member.Name) + 1;
                        pending.Push(member.Value);
                    }

                    break;
                case JsonArraySyntax array:
                    total += 2 + array.Items.Count;
                    foreach (var item in array.Items)
                    {
                        pending.Push(item);
                    }

                    break;
                case JsonStringSyntax text:
                    total += StringBound(text.Value);
                    break;
                case JsonNumberSyntax:
                    total += NumberBound;
                    break;
                default:
                    total += 5;
                    break;
            }
        }

        return total;
    }

    private static long StringBound(string text) => (6L * text.Length) + 2;
}
