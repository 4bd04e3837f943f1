"""A stock transfer as an A4 PDF for the boxes: its number as a Code 128 barcode the warehouse
scans on arrival, where it comes from and goes to, and every product with the amount sent. Long
transfers run over several pages; each page repeats the number."""
import io
from datetime import datetime
from xml.sax.saxutils import escape

from flask import Response
from flask_babel import format_datetime, gettext as _
from reportlab.graphics.barcode import createBarcodeDrawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from gateway import rpc_client

MARGIN = 18 * mm


def stock_transfer_pdf(transfer: dict, customer_name: str, warehouse_name: str) -> bytes:
    styles = getSampleStyleSheet()
    styles["Title"].alignment = 0  # left, above the barcode
    number = transfer["stocktransferid"]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                                 bottomMargin=MARGIN, title=f"{_('Stock transfer')} {number}", author=customer_name)

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(MARGIN, 10 * mm, f"{_('Stock transfer')} {number} · {customer_name}")
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, _("Page %(num)s", num=doc.page))
        canvas.restoreState()

    # Wide bars and a quiet zone: a scanner reads it from a box at arm's length.
    barcode = createBarcodeDrawing("Code128", value=number, barHeight=22 * mm, barWidth=0.6 * mm, humanReadable=True,
                                   fontSize=12, quiet=True)
    barcode.hAlign = "LEFT"
    facts = [(_("Client"), customer_name), (_("Shipped from"), transfer["origin"]), (_("To warehouse"), warehouse_name),
             (_("Expected arrival"), transfer["expected_date"] or "—"),
             (_("Created"), f"{format_datetime(datetime.fromisoformat(transfer['created']), 'yyyy-MM-dd HH:mm')} · "
                           f"{transfer['created_by']}")]
    if transfer["remarks"]:
        facts.append((_("Remarks"), transfer["remarks"]))
    fact_table = Table([[Paragraph(f"<b>{escape(label)}</b>", styles["Normal"]), Paragraph(escape(value), styles["Normal"])]
                        for label, value in facts], colWidths=[40 * mm, None], hAlign="LEFT")
    fact_table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    rows = [[_("Product code"), _("Name"), _("Sent"), _("Received")]] + [
        [Paragraph(escape(line["productcode"]), styles["Normal"]), Paragraph(escape(line["name"]), styles["Normal"]),
         str(line["amount"]), ""] for line in transfer["products"]]
    rows.append(["", _("Total"), str(sum(line["amount"] for line in transfer["products"])), ""])
    lines = Table(rows, colWidths=[45 * mm, None, 22 * mm, 25 * mm], repeatRows=1)
    lines.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold"), ("FONT", (0, -1), (-1, -1), "Helvetica-Bold"),
        ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black), ("LINEABOVE", (0, -1), (-1, -1), 1, colors.black),
        ("LINEBELOW", (0, 1), (-1, -2), 0.25, colors.grey), ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    document.build([
        Paragraph(f"{escape(_('Stock transfer'))} {escape(number)}", styles["Title"]), barcode, Spacer(1, 8 * mm),
        fact_table, Spacer(1, 8 * mm), lines, Spacer(1, 10 * mm),
        Paragraph(escape(_("Put a copy of this sheet in every box. The warehouse scans the barcode when the boxes "
                           "arrive.")), styles["Italic"]),
    ], onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def stock_transfer_pdf_response(transfer: dict, customer_name: str) -> Response:
    """The PDF, shown in the browser, saved as ST2026000005.pdf."""
    warehouse = next((w["name"] for w in rpc_client().catalog.list_warehouses()
                      if w["idwarehouse"] == transfer["idwarehouse"]), f"#{transfer['idwarehouse']}")
    return Response(stock_transfer_pdf(transfer, customer_name, warehouse), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{transfer["stocktransferid"]}.pdf"'})
