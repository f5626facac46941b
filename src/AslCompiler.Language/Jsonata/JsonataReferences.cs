using System;
using System.Collections.Generic;

namespace AslCompiler.Language.Jsonata;

/// <summary>A place where an expression reads a variable.</summary>
public sealed class JsonataVariableReference
{
    internal JsonataVariableReference(string name, int position)
    {
        Name = name;
        Position = position;
    }

    /// <summary>The name without <c>$</c> (empty for <c>$</c>, <c>$</c> for <c>$$</c>).</summary>
    public string Name { get; }

    /// <summary>Offset of the <c>$</c> in the expression.</summary>
    public int Position { get; }

    /// <summary>The field the path reads next, when one follows (<c>result</c> in <c>$states.result.x</c>), or null.</summary>
    public string? Member { get; internal set; }

    /// <inheritdoc/>
    public override string ToString() => "$" + Name + (Member is null ? string.Empty : "." + Member);
}

/// <summary>A place where an expression calls (or applies with <c>~&gt;</c>) a function named by a variable.</summary>
public sealed class JsonataFunctionReference
{
    internal JsonataFunctionReference(string name, int position, int argumentCount)
    {
        Name = name;
        Position = position;
        ArgumentCount = argumentCount;
    }

    /// <summary>The function name without <c>$</c> (<c>sum</c> for <c>$sum(...)</c>).</summary>
    public string Name { get; }

    /// <summary>Offset of the <c>$</c> of the function name.</summary>
    public int Position { get; }

    /// <summary>The number of arguments written (for <c>x ~&gt; $f(a)</c> the piped value is not counted).</summary>
    public int ArgumentCount { get; }

    /// <inheritdoc/>
    public override string ToString() => "$" + Name + "()";
}

/// <summary>
/// The variables an expression reads, the functions it calls and the variables it binds itself (<c>:=</c>, lambda
/// parameters, <c>@$v</c>, <c>#$i</c>). A validator rejects a call to <c>$eval</c> or to a name that is neither a
/// built-in nor in <see cref="DeclaredVariables"/>, and checks <see cref="Variables"/> (e.g. <c>$states</c>).
/// </summary>
/// <remarks>
/// Declarations are collected for the whole expression regardless of scope: a name bound anywhere counts as
/// declared everywhere. That is generous (it never reports a locally bound name as unknown) and is what a
/// validator needs; the evaluator resolves scopes exactly.
/// </remarks>
public sealed class JsonataReferences
{
    internal static readonly JsonataReferences Empty = new(
        Array.Empty<JsonataVariableReference>(),
        Array.Empty<JsonataFunctionReference>(),
        new HashSet<string>(StringComparer.Ordinal));

    private readonly HashSet<string> _declared;

    private JsonataReferences(
        IReadOnlyList<JsonataVariableReference> variables,
        IReadOnlyList<JsonataFunctionReference> functions,
        HashSet<string> declared)
    {
        Variables = variables;
        Functions = functions;
        _declared = declared;
    }

    /// <summary>Every variable read (not as the called function), in source order; includes <c>$</c> and <c>$$</c>.</summary>
    public IReadOnlyList<JsonataVariableReference> Variables { get; }

    /// <summary>Every call or <c>~&gt;</c> application of a function named by a variable, in source order.</summary>
    public IReadOnlyList<JsonataFunctionReference> Functions { get; }

    /// <summary>Names the expression binds itself (without <c>$</c>).</summary>
    public IReadOnlyCollection<string> DeclaredVariables => _declared;

    /// <summary>Whether the expression binds <paramref name="name"/> (without <c>$</c>) somewhere.</summary>
    public bool IsDeclared(string name) => _declared.Contains(name);

    internal static JsonataReferences Collect(JsonataNode root)
    {
        var variables = new List<JsonataVariableReference>();
        var functions = new List<JsonataFunctionReference>();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        Visit(root, variables, functions, declared);
        variables.Sort((a, b) => a.Position.CompareTo(b.Position));
        functions.Sort((a, b) => a.Position.CompareTo(b.Position));
        return new JsonataReferences(variables, functions, declared);
    }

    private static void Visit(JsonataNode node, List<JsonataVariableReference> variables, List<JsonataFunctionReference> functions, HashSet<string> declared)
    {
        foreach (var predicate in node.Predicates)
        {
            Visit(predicate.Expression!, variables, functions, declared);
        }

        foreach (var stage in node.Stages)
        {
            if (stage.Expression is not null)
            {
                Visit(stage.Expression, variables, functions, declared);
            }
            else if (stage.Variable is not null)
            {
                declared.Add(stage.Variable);
            }
        }

        if (node.GroupBy is not null)
        {
            foreach (var pair in node.GroupBy.Pairs)
            {
                Visit(pair.Key, variables, functions, declared);
                Visit(pair.Value, variables, functions, declared);
            }
        }

        if (node.FocusVariable is not null)
        {
            declared.Add(node.FocusVariable);
        }

        if (node.IndexVariable is not null)
        {
            declared.Add(node.IndexVariable);
        }

        switch (node)
        {
            case JsonataPathNode path:
                for (var i = 0; i < path.Steps.Count; i++)
                {
                    var step = path.Steps[i];
                    Visit(step, variables, functions, declared);
                    if (step is JsonataVariableNode && i + 1 < path.Steps.Count && path.Steps[i + 1] is JsonataNameNode member)
                    {
                        // A variable's own reference is the last its visit adds (after those of its predicates).
                        variables[variables.Count - 1].Member = member.Name;
                    }
                }

                break;
            case JsonataVariableNode variable:
                variables.Add(new JsonataVariableReference(variable.Name, variable.Position));
                break;
            case JsonataBinaryNode binary:
                Visit(binary.Left, variables, functions, declared);
                Visit(binary.Right, variables, functions, declared);
                break;
            case JsonataNegateNode negate:
                Visit(negate.Operand, variables, functions, declared);
                break;
            case JsonataArrayNode array:
                foreach (var item in array.Items)
                {
                    Visit(item, variables, functions, declared);
                }

                break;
            case JsonataObjectNode obj:
                foreach (var pair in obj.Pairs)
                {
                    Visit(pair.Key, variables, functions, declared);
                    Visit(pair.Value, variables, functions, declared);
                }

                break;
            case JsonataSortNode sort:
                foreach (var term in sort.Terms)
                {
                    Visit(term.Expression, variables, functions, declared);
                }

                break;
            case JsonataBindNode bind:
                declared.Add(bind.Variable.Name);
                Visit(bind.Value, variables, functions, declared);
                break;
            case JsonataApplyNode apply:
                Visit(apply.Left, variables, functions, declared);
                if (apply.Right is JsonataVariableNode applied && !applied.HasStepAnnotations())
                {
                    functions.Add(new JsonataFunctionReference(applied.Name, applied.Position, 0));
                }
                else
                {
                    Visit(apply.Right, variables, functions, declared);
                }

                break;
            case JsonataFunctionCallNode call:
                if (call.Procedure is JsonataVariableNode procedure && !procedure.HasStepAnnotations())
                {
                    functions.Add(new JsonataFunctionReference(procedure.Name, procedure.Position, call.Arguments.Count));
                }
                else
                {
                    Visit(call.Procedure, variables, functions, declared);
                }

                foreach (var argument in call.Arguments)
                {
                    Visit(argument, variables, functions, declared);
                }

                break;
            case JsonataLambdaNode lambda:
                foreach (var parameter in lambda.Parameters)
                {
                    declared.Add(parameter);
                }

                Visit(lambda.Body, variables, functions, declared);
                break;
            case JsonataConditionNode condition:
                Visit(condition.Condition, variables, functions, declared);
                Visit(condition.Then, variables, functions, declared);
                if (condition.Else is not null)
                {
                    Visit(condition.Else, variables, functions, declared);
                }

                break;
            case JsonataTransformNode transform:
                Visit(transform.Pattern, variables, functions, declared);
                Visit(transform.Update, variables, functions, declared);
                if (transform.Delete is not null)
                {
                    Visit(transform.Delete, variables, functions, declared);
                }

                break;
            case JsonataBlockNode block:
                foreach (var expression in block.Expressions)
                {
                    Visit(expression, variables, functions, declared);
                }

                break;
        }
    }
}

internal static class JsonataNodeExtensions
{
    /// <summary>Whether predicates or bindings are attached (then the node is not a plain function name).</summary>
    public static bool HasStepAnnotations(this JsonataNode node) =>
        node.HasPredicates || node.HasStages || node.GroupBy is not null || node.FocusVariable is not null || node.IndexVariable is not null;
}
