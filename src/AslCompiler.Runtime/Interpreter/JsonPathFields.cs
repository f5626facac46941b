using System;
using AslCompiler.Language.Json;
using AslCompiler.Language.JsonPath;
using AslCompiler.Language.Model;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Runtime.Interpreter;

/// <summary>Compiles JSONPath fields (paths, templates, intrinsic calls) into kernel delegates, parsing each once.</summary>
internal static class JsonPathFields
{
    private static readonly StateExpression EmptyObject = static (_, _) => EvaluationResult.Success(JsonValue.EmptyObject);

    /// <summary>InputPath/OutputPath: absent → null; <c>null</c> → <c>{}</c>; otherwise the path's value.</summary>
    public static StateExpression? InputOrOutputPath(NullablePath? path)
    {
        if (path is null)
        {
            return null;
        }

        if (path.IsNull)
        {
            return EmptyObject;
        }

        var text = path.Path!;
        if (text == "$")
        {
            return null;
        }

        return Path(text);
    }

    /// <summary>A path (or intrinsic call) evaluated against the value.</summary>
    public static StateExpression Path(string text)
    {
        if (IntrinsicFunctionParser.LooksLikeCall(text))
        {
            try
            {
                var call = IntrinsicFunctionParser.Parse(text);
                return (value, frame) => Intrinsics.Evaluate(call, value, frame.EvaluationContext);
            }
            catch (JsonPathSyntaxException e)
            {
                return Fail(StatesErrors.Runtime, "Invalid intrinsic function '" + text + "': " + e.Message);
            }
        }

        if (!JsonPathEvaluator.TryGetPath(text, out var expression, out var error))
        {
            return Fail(StatesErrors.Runtime, "Invalid path '" + text + "': " + error!.Message);
        }

        return (value, frame) => JsonPathEvaluator.Evaluate(expression!, value, frame.EvaluationContext);
    }

    /// <summary>A payload template (Parameters, ResultSelector, ItemSelector, Credentials).</summary>
    public static StateExpression? Template(JsonSyntaxNode? node)
    {
        if (node is null)
        {
            return null;
        }

        var template = JsonValue.FromSyntax(node);
        if (!PayloadTemplate.TryCreate(template, out var compiled, out var error))
        {
            return Fail(StatesErrors.Runtime, error!);
        }

        return (value, frame) => compiled!.Evaluate(value, frame.EvaluationContext);
    }

    /// <summary>JSONPath Assign: a template over the state result.</summary>
    public static ResultCombiner? Assign(JsonSyntaxNode? node)
    {
        var template = Template(node);
        return template is null ? null : (_, result, frame) => template(result, frame);
    }

    /// <summary>ResultPath: absent → null (the result is the output); <c>null</c> → the raw input; otherwise merged into the raw input.</summary>
    public static ResultCombiner? ResultPath(NullablePath? path)
    {
        if (path is null)
        {
            return null;
        }

        if (path.IsNull)
        {
            return static (raw, _, _) => EvaluationResult.Success(raw);
        }

        var text = path.Path!;
        if (text == "$")
        {
            return null;
        }

        if (!JsonPathEvaluator.TryGetPath(text, out var expression, out var error))
        {
            var failure = EvaluationResult.Failure(StatesErrors.Runtime, "Invalid path '" + text + "': " + error!.Message);
            return (_, _, _) => failure;
        }

        return (raw, result, _) => JsonPathFieldsResultPath(expression!, raw, result);
    }

    private static EvaluationResult JsonPathFieldsResultPath(JsonPathExpression expression, JsonValue raw, JsonValue result) =>
        Runtime.JsonPath.ResultPath.Apply(expression, raw, result);

    /// <summary>A literal number or a <c>*Path</c> field; null when neither is set.</summary>
    public static StateExpression? NumberOrPath(LiteralOrExpression? literal, string? path)
    {
        if (literal is not null)
        {
            var value = JsonValue.FromSyntax(literal.Syntax);
            return (_, _) => EvaluationResult.Success(value);
        }

        return path is null ? null : Path(path);
    }

    /// <summary>A literal string or a <c>*Path</c> field; null when neither is set.</summary>
    public static StateExpression? StringOrPath(LiteralOrExpression? literal, string? path) => NumberOrPath(literal, path);

    public static StateExpression Fail(string error, string cause)
    {
        var failure = EvaluationResult.Failure(error, cause);
        return (_, _) => failure;
    }
}
