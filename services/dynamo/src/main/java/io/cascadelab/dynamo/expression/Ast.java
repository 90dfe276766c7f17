package io.cascadelab.dynamo.expression;

import java.util.List;

/** The syntax trees of DynamoDB expressions. */
public final class Ast {

    private Ast() {
    }

    /** Something that yields a value: a document path, an {@code :value}, or a function of them. */
    public sealed interface Operand permits PathOperand, ValueOperand, Call, Arithmetic {
    }

    public record PathOperand(Path path) implements Operand {
    }

    public record ValueOperand(String placeholder, io.cascadelab.dynamo.item.Value value) implements Operand {
    }

    /** A function call: {@code size}, {@code if_not_exists}, {@code list_append} as operands; the rest as conditions. */
    public record Call(String function, List<Operand> arguments) implements Operand, Condition {
    }

    public record Arithmetic(char operator, Operand left, Operand right) implements Operand {
    }

    public sealed interface Condition permits Compare, Between, In, And, Or, Not, Call {
    }

    public record Compare(String comparator, Operand left, Operand right) implements Condition {
    }

    public record Between(Operand operand, Operand low, Operand high) implements Condition {
    }

    public record In(Operand operand, List<Operand> candidates) implements Condition {
    }

    public record And(Condition left, Condition right) implements Condition {
    }

    public record Or(Condition left, Condition right) implements Condition {
    }

    public record Not(Condition condition) implements Condition {
    }

    /** One action of an update expression. */
    public record UpdateAction(String clause, Path path, Operand operand) {
    }
}
