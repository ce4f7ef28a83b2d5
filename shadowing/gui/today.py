"""Today: what to do now (reviews due, the next stage of the current episode), how long it takes,
and the day's minutes against the goal. One button continues exactly where the plan stopped."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from .. import coaching
from ..i18n import translate
from ..storage import Library
from .ops import Op


class TodayWindow(QWidget):
    loaded = Signal(object)
    continue_requested = Signal(int)  # episode id

    def __init__(self, library_path: Path, parent=None):
        super().__init__(parent, Qt.Window)
        self.setWindowTitle(translate("Today", "Shadow — today"))
        self.library_path = Path(library_path)
        self.plan = None
        self.body = QTextBrowser()
        self.body.setObjectName("today")
        self.continue_button = QPushButton(translate("Today", "Continue the plan"))
        self.continue_button.setObjectName("continue")
        self.continue_button.clicked.connect(self._continue)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.body, 1)
        layout.addLayout(buttons)
        self.resize(720, 520)

    def refresh(self) -> None:
        def work(path):
            with Library(path) as library:
                return coaching.today(library)

        Op(self, work, self.library_path).on_result(self.show_plan) \
            .on_error(lambda message: self.body.setHtml(f"<p>{html.escape(message)}</p>")).start()

    def show_plan(self, plan) -> None:
        self.plan = plan
        goal_met = plan.today_minutes >= plan.goal_minutes
        streak, due = plan.streak_days, len(plan.reviews_due)
        minutes = (translate("Today", "<b>{done}</b> of {goal} minutes — goal met ✓ · streak <b>%n</b> day(s)",
                             None, streak) if goal_met else
                   translate("Today", "<b>{done}</b> of {goal} minutes · streak <b>%n</b> day(s)", None, streak))
        parts = ["<h2>{}</h2><p style='font-size:13pt'>{}</p>".format(
            translate("Today", "Today"), minutes.format(done=f"{plan.today_minutes:.0f}", goal=f"{plan.goal_minutes:.0f}"))]
        if plan.reviews_due:
            parts.append("<h3>{}</h3><ul>{}</ul>".format(
                translate("Today", "%n sentence(s) to review", None, due),
                "".join(f"<li>{html.escape(r.text)}</li>" for r in plan.reviews_due[:12])))
        if plan.step is not None:
            parts.append("<h3>{}</h3><p>{}</p>".format(
                translate("Today", "Next: {title}").format(title=html.escape(plan.episode_title or "")),
                html.escape(plan.step.why)))
        elif plan.episode_title:
            parts.append("<h3>{}</h3><p>{}</p>".format(html.escape(plan.episode_title), translate(
                "Today", "Every stage of its plan is done: open another episode and turn the coach on.")))
        parts.append("<p>{}</p>".format(translate("Today", "About <b>{minutes} minutes</b> for all of this.").format(
            minutes=f"{plan.estimate_min:.0f}")))
        if not goal_met and plan.notes:
            parts.append("<p style='color:gray'>" + "<br>".join(html.escape(n) for n in plan.notes) + "</p>")
        self.body.setHtml("".join(parts))
        self.continue_button.setEnabled(plan.episode_id is not None)
        self.loaded.emit(plan)

    def _continue(self) -> None:
        if self.plan is not None and self.plan.episode_id is not None:
            self.continue_requested.emit(self.plan.episode_id)
            self.close()
