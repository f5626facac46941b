using System.Collections.Generic;

namespace AslCompiler.Language.Jsonata;

/// <summary>
/// The States Language's restriction on a JSONata expression's context: "a JSONata expression MUST NOT reference "$"
/// or unqualified field names at the top level, but MAY reference "$" or unqualified field names nested inside an
/// expression", and "MUST NOT reference "$$"" (Step Functions binds no input document; data comes from
/// <c>$states</c> and variables).
/// </summary>
/// <remarks>
/// The top level is what is evaluated against the expression's own context: the expression itself, the operands of its
/// operators, the branches of a condition, the statements of a block, the value of a binding, the members of an array
/// or object constructor, and the first step of a path. A path's later steps, predicates and stages, function
/// arguments and lambda bodies are nested and not looked at (a function's argument may be evaluated against the
/// context, but the States Language does not say it is top level, so it is not refused).
/// </remarks>
internal static class JsonataTopLevel
{
    /// <summary>The references the restriction forbids, in source order: the text referenced and its offset in the expression.</summary>
    public static List<(string Text, int Position)> ForbiddenReferences(JsonataNode root, JsonataReferences references)
    {
        var found = new List<(string Text, int Position)>();
        var stack = new Stack<JsonataNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case JsonataPathNode path:
                    stack.Push(path.Steps[0]);
                    break;
                case JsonataNameNode name:
                    found.Add((name.Name, name.Position));
                    break;
                case JsonataVariableNode { IsContext: true } context:
                    found.Add(("$", context.Position));
                    break;
                case JsonataWildcardNode wildcard:
                    found.Add(("*", wildcard.Position));
                    break;
                case JsonataDescendantNode descendant:
                    found.Add(("**", descendant.Position));
                    break;
                case JsonataBinaryNode binary:
                    stack.Push(binary.Right);
                    stack.Push(binary.Left);
                    break;
                case JsonataNegateNode negate:
                    stack.Push(negate.Operand);
                    break;
                case JsonataConditionNode condition:
                    if (condition.Else is { } otherwise)
                    {
                        stack.Push(otherwise);
                    }

                    stack.Push(condition.Then);
                    stack.Push(condition.Condition);
                    break;
                case JsonataBlockNode block:
                    PushInOrder(stack, block.Expressions);
                    break;
                case JsonataBindNode bind:
                    stack.Push(bind.Value);
                    break;
                case JsonataApplyNode apply:
                    stack.Push(apply.Left);
                    break;
                case JsonataArrayNode array:
                    PushInOrder(stack, array.Items);
                    break;
                case JsonataObjectNode obj:
                    for (var i = obj.Pairs.Count - 1; i >= 0; i--)
                    {
                        stack.Push(obj.Pairs[i].Value);
                        stack.Push(obj.Pairs[i].Key);
                    }

                    break;
            }
        }

        // $$ is refused wherever it is.
        foreach (var variable in references.Variables)
        {
            if (variable.Name == "$")
            {
                found.Add(("$$", variable.Position));
            }
        }

        found.Sort((a, b) => a.Position.CompareTo(b.Position));
        return found;
    }

    /// <summary>Pushes <paramref name="nodes"/> so that the first is popped first.</summary>
    private static void PushInOrder(Stack<JsonataNode> stack, IReadOnlyList<JsonataNode> nodes)
    {
        for (var i = nodes.Count - 1; i >= 0; i--)
        {
            stack.Push(nodes[i]);
        }
    }
}
